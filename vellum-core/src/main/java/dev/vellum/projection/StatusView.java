package dev.vellum.projection;

import dev.vellum.store.Position;
import dev.vellum.time.Retrying;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import dev.vellum.worker.internal.LogView;
import dev.vellum.worker.internal.StoreSample;
import java.time.Duration;
import java.time.Instant;

/**
 * Puts a projection's {@link WorkerStatus} together from memory: a worker's progress, its current run, and
 * the last sample of the log ({@link StoreSample} of a {@link LogView}), so it never waits for a handler,
 * a batch, a lock or the database.
 */
final class StatusView {

    private StatusView() {
    }

    /** The worker name of the generation of {@code id}'s version being rebuilt: {@code projection.<name>.v<version>.rebuild}. */
    public static String rebuildName(ProjectionId id) {
        return id.workerName() + ".rebuild";
    }

    static WorkerStatus of(String name, ProjectionLoop<?> loop, boolean paused, Progress progress,
            StoreSample<LogView> log, RunnerSettings settings) {
        long now = System.currentTimeMillis();
        boolean running = loop != null && !loop.finished();
        Position checkpoint = checkpoint(loop, progress);
        StoreSample.Reading<LogView> reading = log.get();
        LogView view = reading.value();
        Position head = view.headAtLeast(checkpoint);
        long lagEvents = head.value() - checkpoint.value();
        Duration lag = view.lag(checkpoint, now);
        Retrying retrying = running ? progress.transients().current().or(() -> loop.feed().retrying()).orElse(null) : null;
        WorkerState state;
        if (!running) {
            state = paused ? WorkerState.PAUSED
                    : loop != null && loop.failed() ? WorkerState.FAILED : WorkerState.STOPPED;
        } else if (retrying != null) {
            state = WorkerState.RETRYING;
        } else if (stalled(loop, progress, lagEvents, now, settings)) {
            state = WorkerState.STALLED;
        } else if (loop.rebuilding()) {
            state = WorkerState.REBUILDING;
        } else {
            state = loop.feed().live() ? WorkerState.LIVE : WorkerState.CATCHING_UP;
        }
        return new WorkerStatus(name, WorkerKind.PROJECTION, state, checkpoint, head, lagEvents, lag,
                progress.perSecond(now), progress.lastError(), progress.parked(), 0, 0, null, null,
                Instant.ofEpochMilli(progress.heartbeatMillis()), retrying, reading.unreachableSince());
    }

    /**
     * The checkpoint a status shows: the committed one, or, while it runs and has completed all it
     * was given, as far as it has seen the log (events its filter passed over included).
     */
    static Position checkpoint(ProjectionLoop<?> loop, Progress progress) {
        Position checkpoint = progress.checkpoint();
        if (loop != null && !loop.finished()) {
            Position seen = loop.feed().seen().orElse(checkpoint);
            return seen.isAfter(checkpoint) ? seen : checkpoint;
        }
        return checkpoint;
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
}
