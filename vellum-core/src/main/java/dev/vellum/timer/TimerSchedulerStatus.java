package dev.vellum.timer;

import dev.vellum.store.Position;
import dev.vellum.time.Retrying;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The worker status of a {@link TimerScheduler}, from what its {@link TimerLoop} saw at its last look;
 * it does not follow the log, so its checkpoint and head are {@link Position#START}. A handler that
 * has run for longer than {@value #STALL_AFTER_MILLIS} ms shows as {@link WorkerState#STALLED}.
 */
final class TimerSchedulerStatus {

    private static final long STALL_AFTER_MILLIS = 30_000;

    private TimerSchedulerStatus() {
    }

    /** The status of scheduler {@code name}, whose loop is {@code loop} and whose thread is {@code alive} or not. */
    static WorkerStatus of(String name, TimerLoop loop, boolean alive, long expired) {
        long now = System.currentTimeMillis();
        long firingSince = loop.firingSinceMillis();
        Retrying retry = loop.storeRetry().orElse(null);
        WorkerState state;
        if (loop.stoppedForGood()) {
            state = WorkerState.FAILED;
        } else if (loop.closing() || !alive) {
            state = WorkerState.STOPPED;
        } else if (loop.paused()) {
            state = WorkerState.PAUSED;
        } else if (retry != null) {
            state = WorkerState.RETRYING;
        } else if (firingSince != 0 && now - firingSince > STALL_AFTER_MILLIS) {
            state = WorkerState.STALLED;
        } else {
            state = WorkerState.LIVE;
        }
        return new WorkerStatus(name, WorkerKind.TIMER_SCHEDULER, state, Position.START, Position.START, 0,
                Duration.ZERO, loop.firingsPerSecond(now), loop.lastError(), 0, 0, loop.dueAtLastLook(), null, null,
                Instant.ofEpochMilli(firingSince != 0 ? firingSince : now), state == WorkerState.RETRYING ? retry : null,
                null, loop.waitingAtLastLook(), expired, List.of());
    }
}
