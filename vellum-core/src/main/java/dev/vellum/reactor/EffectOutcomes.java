package dev.vellum.reactor;

import dev.vellum.store.StreamId;

/**
 * Turns the outcome of a side effect into the event that records it, for example
 * {@code ConfirmationEmailSent} or {@code ConfirmationEmailFailed}. The event is appended once per
 * effect, to {@link #stream(Effect)}, with an id derived from the effect's key: whichever outcome is
 * recorded first stays the only one.
 *
 * @param <E> the outcome events (records registered in the reactor's {@code EventTypes})
 */
public interface EffectOutcomes<E> {

    /** The event recording that {@code effect} was carried out, with the receipt {@link SideEffect} returned. */
    E succeeded(Effect effect, String receipt);

    /** The event recording that {@code effect} failed for good after its attempts, the last with {@code error}. */
    E failed(Effect effect, String error);

    /** Where the outcome is appended; by default the stream of the event that caused the effect. */
    default StreamId stream(Effect effect) {
        return effect.sourceStream();
    }
}
