package dev.vellum.timer;

/**
 * What happens when a timer fires. A timer fires at least once: after a crash between the handler
 * returning and the store recording it, it fires again. Make the effect idempotent on
 * {@link Timer#id()} (a process manager uses it as the id of the command or event the timer causes),
 * so the effect happens once.
 */
@FunctionalInterface
public interface TimerHandler {

    /** Acts on a due timer. An exception records a failure; the timer is retried with backoff. */
    void fire(Timer timer) throws Exception;
}
