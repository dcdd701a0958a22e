package dev.vellum.timer;

import dev.vellum.worker.Waiting;
import java.util.List;
import java.util.Map;

/**
 * Holds due timers back until something they wait for has happened, without firing them: a reactor's
 * effect that runs only after a projection has applied its event. A timer held back spends no attempt
 * and keeps its place; the {@link TimerScheduler} asks again when it is {@linkplain TimerScheduler#poke()
 * poked}, when the clock moves, and at least once per {@code maxIdle}, and its status shows the earliest
 * wait ({@link dev.vellum.worker.WorkerStatus#waiting()}).
 *
 * <p>It is asked on the scheduler's thread with no lock or transaction held, and must answer quickly
 * (read from memory, or one short read): it runs before every batch of due timers.
 */
@FunctionalInterface
public interface TimerGate {

    /** Lets every timer fire when due. */
    TimerGate NONE = due -> Map.of();

    /**
     * Which of {@code due} must wait, by timer id, with what each waits for; the others fire now.
     *
     * @param due the pending timers due now, earliest first
     */
    Map<String, Waiting> holdBack(List<StoredTimer> due);
}
