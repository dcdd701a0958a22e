package dev.vellum.reactor;

import dev.vellum.serde.EventTypes;
import dev.vellum.store.RecordedEvent;
import java.util.List;
import java.util.Objects;

/**
 * Decides which side effects an event calls for; it must not carry them out. It runs once per
 * event the reactor handles, after the event committed; its decision is stored in the outbox in the
 * same transaction as the reactor's checkpoint.
 */
@FunctionalInterface
public interface EffectDecider {

    /** The side effects {@code event} calls for, possibly none. An exception stops the reactor (a bug). */
    List<EffectRequest> decide(RecordedEvent event) throws Exception;

    /**
     * A decider given each event deserialized by {@code types} as {@code events} (a record class, or
     * the sealed interface of several), beside the event as stored; set {@code handles(types, classes)}
     * on the reactor so that only those events reach it (another one fails as a decider error would,
     * with {@code EventDeserializationException}).
     *
     * <pre>{@code
     * .handles(types, UserRegistered.class)
     * .decide(EffectDecider.typed(types, UserRegistered.class, (user, recorded) ->
     *         List.of(EffectRequest.of(types, new WelcomeEmail(user.email())))))
     * }</pre>
     */
    static <E> EffectDecider typed(EventTypes types, Class<E> events, OfEvents<E> decider) {
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(decider, "decider");
        return event -> decider.decide(types.deserialize(event, events), event);
    }

    /**
     * Decides on one deserialized event; see {@link #typed}.
     *
     * @param <E> the events, as records
     */
    @FunctionalInterface
    interface OfEvents<E> {

        /** The side effects {@code event}, stored as {@code recorded}, calls for, possibly none. */
        List<EffectRequest> decide(E event, RecordedEvent recorded) throws Exception;
    }
}
