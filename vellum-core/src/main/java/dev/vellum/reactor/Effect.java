package dev.vellum.reactor;

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
 * @param payload what the reactor put in its {@link EffectRequest}
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
}
