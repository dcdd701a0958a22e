package dev.vellum.timer;

/** Told when a {@link TimerScheduler} gives up on a timer whose handler kept failing. */
@FunctionalInterface
public interface TimerFailureHandler {

    /**
     * The scheduler gives up on {@code timer} after {@code attempts} failures, the last with
     * {@code lastError}. When this throws, giving up is tried again later (with backoff); make it
     * idempotent on the timer's id.
     */
    void gaveUp(Timer timer, int attempts, String lastError) throws Exception;
}
