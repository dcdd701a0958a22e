package dev.vellum.worker.internal;

import dev.vellum.store.LogFilter;
import dev.vellum.store.LogReader;
import dev.vellum.store.Position;
import dev.vellum.worker.spi.WaitingTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a worker's status needs from the log, as last read (through a {@link StoreSample}): shared by
 * the projections' status and the status of the workers that follow the log from a checkpoint
 * (reactors, process managers, integration publishers).
 *
 * @param head the last position of the log
 * @param firstWaiting when the first event after the checkpoint of that read (that the filter
 *     keeps) was recorded; empty when none waited
 */
public record LogView(Position head, Optional<Instant> firstWaiting) {

    /** Nothing read yet: the log's start, nothing waiting. */
    public static final LogView EMPTY = new LogView(Position.START, Optional.empty());

    /** Reads the head, and the first event waiting after {@code checkpoint} when the head is past it. */
    public static LogView read(LogReader reader, Position checkpoint, LogFilter filter) {
        Position head = reader.head();
        return new LogView(head, head.isAfter(checkpoint) ? WaitingTime.first(reader, checkpoint, filter)
                : Optional.empty());
    }

    /** The head as a status at {@code checkpoint} shows it: the checkpoint itself when this read is older. */
    public Position headAtLeast(Position checkpoint) {
        return head.isAfter(checkpoint) ? head : checkpoint;
    }

    /** How far behind a worker at {@code checkpoint} is in time, at {@code now}: zero when nothing waits. */
    public Duration lag(Position checkpoint, long now) {
        return head.isAfter(checkpoint) ? WaitingTime.since(firstWaiting, now) : Duration.ZERO;
    }
}
