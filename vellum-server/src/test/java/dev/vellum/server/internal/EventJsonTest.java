package dev.vellum.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.vellum.store.Metadata;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The streamed encoding of events writes, byte for byte, what the API wrote when it built each event
 * as a tree first (the tree below, field by field as it was built), and events embedded in trees
 * through the mapper come out the same.
 */
class EventJsonTest {

    private static final List<RecordedEvent> EVENTS = List.of(
            event(1, "{\"n\":1.10,\"text\":\"caf\u00e9 \\\"quoted\\\" <b>\",\"list\":[1,2.50,null]}",
                    new Metadata("corr-1", null, headers("$effect", "mail/order-1", "tenant", "t\u00e9 \"1\""))),
            event(2, "[]", Metadata.EMPTY),
            event(3, "\"just text\"", new Metadata(null, "cause-2", Map.of())));

    @Test
    void aStreamedPageIsTheTreeThePageWasBuiltAsBefore() throws IOException {
        ObjectNode tree = Json.MAPPER.createObjectNode();
        tree.put("stream", "order-1");
        ArrayNode events = tree.putArray("events");
        EVENTS.forEach(e -> events.add(asTree(e)));
        tree.put("next", (Long) null);

        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        try (JsonGenerator out = Json.MAPPER.getFactory().createGenerator(streamed)) {
            out.writeStartObject();
            out.writeStringField("stream", "order-1");
            EventJson.writeArray("events", EVENTS, out);
            out.writeFieldName("next");
            out.writeNull();
            out.writeEndObject();
        }

        assertThat(streamed.toString(StandardCharsets.UTF_8)).isEqualTo(new String(Json.bytes(tree), StandardCharsets.UTF_8));
    }

    @Test
    void anEventEmbeddedInATreeIsWrittenAsAStreamedOne() {
        RecordedEvent event = EVENTS.getFirst();
        ObjectNode item = Json.MAPPER.createObjectNode().put("position", 1);
        item.putPOJO("event", event);
        ObjectNode expected = Json.MAPPER.createObjectNode().put("position", 1);
        expected.set("event", asTree(event));

        assertThat(new String(Json.bytes(item), StandardCharsets.UTF_8))
                .isEqualTo(new String(Json.bytes(expected), StandardCharsets.UTF_8));
        assertThat(new String(Json.bytes(event), StandardCharsets.UTF_8))
                .isEqualTo(new String(Json.bytes(asTree(event)), StandardCharsets.UTF_8))
                .contains("\"data\":{\"n\":1.10,");
    }

    /** An event as the API built it before it was streamed. */
    private static ObjectNode asTree(RecordedEvent event) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", event.id().toString());
        node.put("stream", event.stream().value());
        node.put("revision", event.revision());
        node.put("position", event.position().value());
        node.put("type", event.type());
        node.put("recordedAt", event.recordedAt().toString());
        node.putRawValue("data", new RawValue(event.data()));
        ObjectNode metadata = node.putObject("metadata");
        metadata.put("correlationId", event.metadata().correlationId());
        metadata.put("causationId", event.metadata().causationId());
        ObjectNode headers = metadata.putObject("headers");
        event.metadata().headers().forEach(headers::put);
        return node;
    }

    private static RecordedEvent event(long position, String data, Metadata metadata) {
        return new RecordedEvent(StreamId.of("order-1"), position - 1, Position.of(position),
                UUID.nameUUIDFromBytes(new byte[] {(byte) position}), "OrderPlaced", data, metadata,
                Instant.parse("2026-12-07T02:00:00.123456Z").plusSeconds(position));
    }

    private static Map<String, String> headers(String... keysAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            headers.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return headers;
    }
}
