package dev.vellum.timer;

import java.time.Instant;

/**
 * Told when a {@link TimerScheduler} takes a timer after its {@linkplain Timer#deadline() deadline}:
 * the timer is not fired, and ends {@link TimerState#EXPIRED} once this returns. A process manager
 * hands it to the process as an input it can decide on.
 */
@FunctionalInterface
public interface TimerExpiryHandler {

    /** Records nothing: the timer just ends expired (and the scheduler logs it). */
    TimerExpiryHandler NONE = (timer, at) -> { };

    /**
     * {@code timer} was taken at {@code at}, after its deadline. When this throws, the expiry is tried
     * again later (with backoff), as a failed firing is; like a firing it may be told twice (after a
     * crash before the store recorded the expiry), so make it idempotent on the timer's id.
     */
    void expired(Timer timer, Instant at) throws Exception;
}
