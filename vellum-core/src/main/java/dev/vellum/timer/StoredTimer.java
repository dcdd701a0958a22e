package dev.vellum.timer;

import java.time.Instant;
import java.util.Objects;

/**
 * A timer as its store keeps it.
 *
 * @param timer the timer
 * @param state pending, held, or how it ended: fired, failed, cancelled or expired
 * @param attempts how many times its handler failed on it
 * @param nextAttempt when it fires next: its due time, later after a failure
 * @param lastError the last failure's description, or {@code null}
 * @param endedAt when it fired, failed for good, was cancelled or expired; {@code null} while pending or held
 */
public record StoredTimer(Timer timer, TimerState state, int attempts, Instant nextAttempt, String lastError,
        Instant endedAt) {

    /** Checks that nothing required is missing. */
    public StoredTimer {
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
    }

    /** A newly scheduled timer. */
    public static StoredTimer pending(Timer timer) {
        return new StoredTimer(timer, TimerState.PENDING, 0, timer.due(), null, null);
    }

    /** Its id. */
    public String id() {
        return timer.id();
    }
}
