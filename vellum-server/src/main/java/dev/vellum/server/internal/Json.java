package dev.vellum.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.vellum.serde.VellumJson;
import dev.vellum.store.Metadata;
import dev.vellum.store.RecordedEvent;
import io.javalin.http.Context;
import java.util.List;

/** The server's JSON: the events' Jackson configuration, and how events are written. */
public final class Json {

    /** The mapper every resource reads and writes with. */
    public static final ObjectMapper MAPPER = VellumJson.newObjectMapper();

    /** The media type of every answer but problems and the live feed. */
    public static final String MEDIA_TYPE = "application/json";

    private Json() {
    }

    /** {@code value} as JSON bytes. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Answers {@code ctx} with {@code status} and {@code body} as JSON. */
    public static void answer(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType(MEDIA_TYPE);
        ctx.result(bytes(body));
    }

    /**
     * An event as the API shows it. Its data goes out as the stored JSON text, unchanged (the store
     * checked on append that it is one JSON value), never as a string to be parsed again.
     */
    public static ObjectNode event(RecordedEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", event.id().toString());
        node.put("stream", event.stream().value());
        node.put("revision", event.revision());
        node.put("position", event.position().value());
        node.put("type", event.type());
        node.put("recordedAt", event.recordedAt().toString());
        node.putRawValue("data", new RawValue(event.data()));
        node.set("metadata", metadata(event.metadata()));
        return node;
    }

    /** Events as a JSON array. */
    public static ArrayNode events(List<RecordedEvent> events) {
        ArrayNode array = MAPPER.createArrayNode();
        events.forEach(e -> array.add(event(e)));
        return array;
    }

    /** Metadata as the API shows it. */
    public static ObjectNode metadata(Metadata metadata) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("correlationId", metadata.correlationId());
        node.put("causationId", metadata.causationId());
        ObjectNode headers = node.putObject("headers");
        metadata.headers().forEach(headers::put);
        return node;
    }
}
