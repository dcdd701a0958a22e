package dev.vellum.reactor;

import dev.vellum.timer.TimerState;
import java.time.Instant;

/**
 * A side effect in a reactor's outbox that has not ended: the screen of "emails that still need
 * sending".
 *
 * @param effect the effect
 * @param state {@link TimerState#PENDING} (waiting for its turn or its next attempt) or
 *     {@link TimerState#HELD} (waiting for approval)
 * @param attempts how many attempts failed so far
 * @param nextAttempt when it runs next (for a held effect: when it was requested)
 * @param lastError the last failure, or {@code null}
 */
public record PendingEffect(Effect effect, TimerState state, int attempts, Instant nextAttempt, String lastError) {

    /** Its idempotency key. */
    public String key() {
        return effect.key();
    }

    /** True when it waits for a person's approval. */
    public boolean awaitingApproval() {
        return state == TimerState.HELD;
    }
}
