package dev.vellum.reactor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerStoreException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * How an effect is kept in the outbox: as a timer of the reactor's process whose id is the effect's
 * idempotency key and whose payload is a small JSON envelope with the effect's payload and source.
 */
final class EffectCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EffectCodec() {
    }

    /** The idempotency key of effect {@code index} of {@code event} in reactor {@code reactor}. */
    static String key(String reactor, RecordedEvent event, int index) {
        return reactor + "/" + event.id() + "/" + index;
    }

    /** The id of the event that records the outcome of the effect with {@code key}. */
    static UUID outcomeId(String key) {
        return UUID.nameUUIDFromBytes(("vellum-effect-outcome\u0000" + key).getBytes(StandardCharsets.UTF_8));
    }

    static Timer timer(String process, Effect effect, Instant due) {
        ObjectNode node = JSON.createObjectNode();
        node.put("reactor", effect.reactor());
        node.put("payload", effect.payload());
        node.put("stream", effect.sourceStream().value());
        node.put("event", effect.sourceEventId().toString());
        node.put("position", effect.sourcePosition().value());
        node.put("correlation", effect.correlationId());
        return new Timer(effect.key(), process, due, node.toString());
    }

    static Effect effect(Timer timer) {
        try {
            JsonNode node = JSON.readTree(timer.payload());
            JsonNode correlation = node.get("correlation");
            return new Effect(timer.id(), node.get("reactor").asText(), node.get("payload").asText(),
                    StreamId.of(node.get("stream").asText()), UUID.fromString(node.get("event").asText()),
                    Position.of(node.get("position").asLong()),
                    correlation == null || correlation.isNull() ? null : correlation.asText());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new TimerStoreException("The outbox entry '" + timer.id() + "' is not an effect Vellum wrote: "
                    + e.getMessage(), e);
        }
    }
}
