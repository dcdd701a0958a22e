package dev.vellum.projection.internal;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionState;
import dev.vellum.projection.ProjectionStatus;
import dev.vellum.store.LogFilter;
import dev.vellum.store.LogReader;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.time.Retrying;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Puts a {@link ProjectionStatus} together from a worker's progress, its current run and the log. */
public final class StatusView {

    private StatusView() {
    }

    static ProjectionStatus of(ProjectionId id, ProjectionLoop<?> loop, Progress progress, CheckpointStore<?> store,
            LogReader reader, LogFilter filter, RunnerSettings settings) {
        long now = System.currentTimeMillis();
        boolean running = loop != null && !loop.finished();
        Position checkpoint = progress.checkpoint();
        if (running) {
            Position seen = loop.feed().seen().orElse(checkpoint);
            checkpoint = seen.isAfter(checkpoint) ? seen : checkpoint;
        }
        Position head = orElse(reader::head, checkpoint);
        long lagEvents = Math.max(0, head.value() - checkpoint.value());
        Duration lag = lagEvents == 0 ? Duration.ZERO : oldestWaiting(reader, checkpoint, filter, now);
        Retrying retrying = running ? progress.transients().current().or(() -> loop.feed().retrying()).orElse(null) : null;
        ProjectionState state;
        if (!running) {
            state = loop != null && loop.failed() ? ProjectionState.FAILED : ProjectionState.STOPPED;
        } else if (retrying != null) {
            state = ProjectionState.RETRYING;
        } else if (stalled(loop, progress, lagEvents, now, settings)) {
            state = ProjectionState.STALLED;
        } else if (loop.rebuilding()) {
            state = ProjectionState.REBUILDING;
        } else {
            state = loop.feed().live() ? ProjectionState.LIVE : ProjectionState.CATCHING_UP;
        }
        long parked = orElse(() -> (long) store.parkedEvents(id).size(), -1L);
        return new ProjectionStatus(id, state, checkpoint, head, lagEvents, lag, progress.perSecond(now),
                progress.lastError(), parked, Instant.ofEpochMilli(progress.heartbeatMillis()), retrying);
    }

    /**
     * Stalled: the runner's heartbeat stopped (a handler hangs), or work waits and nothing moved,
     * for longer than the threshold.
     */
    private static boolean stalled(ProjectionLoop<?> loop, Progress progress, long lagEvents, long now,
            RunnerSettings settings) {
        long threshold = settings.stallAfter().toMillis();
        boolean waiting = lagEvents > 0 || loop.feed().pending() > 0;
        return now - progress.heartbeatMillis() > threshold || (waiting && now - progress.progressMillis() > threshold);
    }

    /**
     * How long ago the first event after {@code checkpoint} that {@code filter} keeps was recorded:
     * how far behind a projection at that checkpoint is, in time. Zero when none waits or the store
     * cannot answer.
     */
    public static Duration oldestWaiting(LogReader reader, Position checkpoint, LogFilter filter, long now) {
        List<RecordedEvent> next = orElse(() -> reader.readAll(checkpoint, filter, 1), List.of());
        return next.isEmpty() ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, now - next.getFirst().recordedAt().toEpochMilli()));
    }

    /** The value, or {@code fallback} when the store cannot answer (closed, say): a status never throws. */
    private static <T> T orElse(Supplier<T> value, T fallback) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
