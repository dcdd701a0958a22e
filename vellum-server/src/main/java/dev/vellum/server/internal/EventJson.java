package dev.vellum.server.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.vellum.store.Metadata;
import dev.vellum.store.RecordedEvent;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * How the API writes an event: {@code id}, {@code stream}, {@code revision}, {@code position},
 * {@code type}, {@code recordedAt}, {@code data} and {@code metadata} ({@code correlationId},
 * {@code causationId}, {@code headers}). Its data goes out as the stored JSON text, unchanged (the
 * store checked on append that it is one JSON value), never parsed again nor quoted as a string.
 *
 * <p>The one encoding of an event: pages stream their events through {@link #write}, straight into
 * the answer, and every other answer embeds events through the server's mapper, where this is the
 * serializer of {@link RecordedEvent}.
 */
public final class EventJson extends StdSerializer<RecordedEvent> {

    EventJson() {
        super(RecordedEvent.class);
    }

    /** Writes {@code event} as one JSON object. */
    public static void write(RecordedEvent event, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("id", event.id().toString());
        out.writeStringField("stream", event.stream().value());
        out.writeNumberField("revision", event.revision());
        out.writeNumberField("position", event.position().value());
        out.writeStringField("type", event.type());
        out.writeStringField("recordedAt", event.recordedAt().toString());
        out.writeFieldName("data");
        out.writeRawValue(event.data());
        out.writeFieldName("metadata");
        write(event.metadata(), out);
        out.writeEndObject();
    }

    /** Writes {@code events} as the array field {@code field} of the object being written. */
    public static void writeArray(String field, List<RecordedEvent> events, JsonGenerator out) throws IOException {
        out.writeArrayFieldStart(field);
        for (RecordedEvent event : events) {
            write(event, out);
        }
        out.writeEndArray();
    }

    private static void write(Metadata metadata, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("correlationId", metadata.correlationId());
        out.writeStringField("causationId", metadata.causationId());
        out.writeObjectFieldStart("headers");
        for (Map.Entry<String, String> header : metadata.headers().entrySet()) {
            out.writeStringField(header.getKey(), header.getValue());
        }
        out.writeEndObject();
        out.writeEndObject();
    }

    @Override
    public void serialize(RecordedEvent event, JsonGenerator out, SerializerProvider provider) throws IOException {
        write(event, out);
    }
}
