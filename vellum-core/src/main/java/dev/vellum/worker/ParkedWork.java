package dev.vellum.worker;

import dev.vellum.store.Position;
import java.time.Instant;
import java.util.Map;

/**
 * One piece of work a worker put aside after it failed on it, kept with the error until an operator
 * retries it (after a fix) or skips it: a projection's parked event, an inbox's parked record. A
 * worker lists its own through {@link Worker#parked()}, so the HTTP API and the console show every
 * kind's parked work alike; {@link Worker#retryParked} and {@link Worker#skipParked} take its
 * {@link #position()}.
 */
public interface ParkedWork {

    /** The target of retry and skip: a parked event's position in the global log, where an inbox parked a record. */
    Position position();

    /**
     * What was parked, as an operator reads it: {@code stream · type} for an event,
     * {@code topic/partition/offset · key} for a record.
     */
    String description();

    /**
     * The fields of its kind, by name, in a stable order, each a string, a number, {@code null} or a map
     * of strings: {@code stream} and {@code type} for an event; {@code topic}, {@code partition},
     * {@code offset}, {@code key}, {@code value}, {@code headers} and {@code timestamp} for a record.
     * Their names differ from those of the fields every kind has ({@code position}, {@code description},
     * {@code error}, {@code attempts}, {@code parkedAt}).
     */
    Map<String, Object> details();

    /** The last error, as class name and message. */
    String error();

    /** How many times it was tried. */
    int attempts();

    /** When it was parked, or last retried. */
    Instant parkedAt();
}
