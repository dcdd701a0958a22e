package dev.vellum.projection;

import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.worker.ParkedWork;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An event a projection failed on after its retries and put aside to go on with the next ones.
 * The read model lacks it until an operator retries it (after a fix) or skips it. It is the worker
 * model's {@link ParkedWork} of a projection.
 *
 * @param projection the projection version that parked it
 * @param position the event's position in the global log
 * @param stream the event's stream
 * @param type the event's type
 * @param error the last error, as class name and message
 * @param attempts how many times the handler was tried on it
 * @param parkedAt when it was parked, or last retried
 */
public record ParkedEvent(ProjectionId projection, Position position, StreamId stream, String type, String error,
        int attempts, Instant parkedAt) implements ParkedWork {

    /** Checks that nothing is missing. */
    public ParkedEvent {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(parkedAt, "parkedAt");
    }

    /** {@code stream · type}. */
    @Override
    public String description() {
        return stream.value() + " · " + type;
    }

    /** Its {@code stream} and {@code type}. */
    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("stream", stream.value());
        details.put("type", type);
        return Collections.unmodifiableMap(details);
    }

    /** The short form of an error kept with a parked event: its class and message. */
    public static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getName() + (message == null ? "" : ": " + message);
    }
}
