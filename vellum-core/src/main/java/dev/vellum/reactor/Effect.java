package dev.vellum.reactor;

import dev.vellum.serde.EventTypes;
import dev.vellum.serde.PayloadDeserializationException;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import java.util.Objects;
import java.util.UUID;

/**
 * One side effect a reactor decided on, as the code that carries it out sees it.
 *
 * @param key the idempotency key, derived from the reactor and the event (and the effect's index
 *     when one event asks for several): the same on every attempt, also after a crash. Hand it to
 *     the email or payment provider so that it can drop a repeat.
 * @param reactor the reactor's name
 * @param payload what the reactor put in its {@link EffectRequest}, as text; {@link #payload(EventTypes, Class)}
 *     reads it as the record it was requested with
 * @param sourceStream the stream of the event that caused it
 * @param sourceEventId the id of that event
 * @param sourcePosition the global position of that event
 * @param correlationId that event's correlation id, or {@code null}
 */
public record Effect(String key, String reactor, String payload, StreamId sourceStream, UUID sourceEventId,
        Position sourcePosition, String correlationId) {

    /** Checks that nothing required is missing. */
    public Effect {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(sourceStream, "sourceStream");
        Objects.requireNonNull(sourceEventId, "sourceEventId");
        Objects.requireNonNull(sourcePosition, "sourcePosition");
    }

    /**
     * The payload as the record {@code type} it was requested with ({@link EffectRequest#of(EventTypes, Object)}),
     * read through {@code types}, the registry it was written with.
     *
     * @throws dev.vellum.serde.UnknownEventTypeException when {@code type} is not registered in {@code types}
     * @throws PayloadDeserializationException when the payload is not such a record
     */
    public <T> T payload(EventTypes types, Class<T> type) {
        return types.deserializePayload(payload, type);
    }
}
