package dev.vellum.worker.spi;

import dev.vellum.store.LogFilter;
import dev.vellum.store.LogReader;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How far behind in time a worker that follows the log is: when the first event it has not yet
 * handled was recorded. A store that runs workers of its own (SQLite's inline projections, say)
 * reports its {@link dev.vellum.worker.WorkerStatus#lag() lag} with it, the same way core's
 * projections do.
 */
public final class WaitingTime {

    private WaitingTime() {
    }

    /**
     * When the first event after {@code checkpoint} that {@code filter} keeps was recorded; empty when
     * none waits. Reads one event from the log.
     */
    public static Optional<Instant> first(LogReader reader, Position checkpoint, LogFilter filter) {
        List<RecordedEvent> next = reader.readAll(checkpoint, filter, 1);
        return next.isEmpty() ? Optional.empty() : Optional.of(next.getFirst().recordedAt());
    }

    /**
     * How long ago the first event after {@code checkpoint} that {@code filter} keeps was recorded,
     * at {@code now} (epoch milliseconds). Zero when none waits, or when the store cannot answer: a
     * status never throws.
     */
    public static Duration oldest(LogReader reader, Position checkpoint, LogFilter filter, long now) {
        try {
            return since(first(reader, checkpoint, filter), now);
        } catch (RuntimeException e) {
            return Duration.ZERO;
        }
    }

    /** How long before {@code now} (epoch milliseconds) an event recorded {@code at} was; zero when none. */
    public static Duration since(Optional<Instant> at, long now) {
        return at.map(instant -> Duration.ofMillis(Math.max(0, now - instant.toEpochMilli()))).orElse(Duration.ZERO);
    }
}
