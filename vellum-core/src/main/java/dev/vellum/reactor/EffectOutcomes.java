package dev.vellum.reactor;

import dev.vellum.store.StreamId;
import dev.vellum.store.internal.DerivedStreams;

/**
 * Turns the outcome of a side effect into the event that records it, for example
 * {@code ConfirmationEmailSent} or {@code ConfirmationEmailFailed}. The event is appended once per
 * effect, to {@link #stream(Effect)}, with an id derived from the effect's key: whichever outcome is
 * recorded first stays the only one.
 *
 * <p>By default the outcome goes to a stream of the reactor's own per source stream
 * ({@link #defaultStream}), never into the source stream itself: that stream usually belongs to an
 * aggregate whose decider knows only its own events, and a foreign event in it would make the next
 * command on the aggregate fail to load it. Override {@link #stream(Effect)} to put the outcome
 * elsewhere, for example in the source stream when the outcome is one of the source aggregate's own
 * events (its {@code evolve} handles it).
 *
 * @param <E> the outcome events (records registered in the reactor's {@code EventTypes})
 */
public interface EffectOutcomes<E> {

    /** The category of the {@linkplain #defaultStream default outcome streams}. */
    String DEFAULT_CATEGORY = "reactor.outcomes";

    /** The event recording that {@code effect} was carried out, with the receipt {@link SideEffect} returned. */
    E succeeded(Effect effect, String receipt);

    /** The event recording that {@code effect} failed for good after its attempts, the last with {@code error}. */
    E failed(Effect effect, String error);

    /** Where the outcome is appended; by default {@link #defaultStream} of the effect's reactor and source stream. */
    default StreamId stream(Effect effect) {
        return defaultStream(effect.reactor(), effect.sourceStream());
    }

    /**
     * The stream the outcomes of reactor {@code reactor}'s effects on events of {@code source} are
     * recorded in unless {@link #stream(Effect)} says otherwise:
     * {@code reactor.outcomes-<reactor>/<source>}, for example
     * {@code reactor.outcomes-confirmation-email/order-42} (category {@value #DEFAULT_CATEGORY}). When
     * that would be longer than a stream name may be, the source's part is a name-based UUID of it.
     */
    static StreamId defaultStream(String reactor, StreamId source) {
        return DerivedStreams.beside(DEFAULT_CATEGORY + "-" + reactor + "/", source);
    }
}
