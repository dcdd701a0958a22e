package dev.vellum.store.spi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vellum.store.Metadata;
import dev.vellum.store.VellumException;
import dev.vellum.store.internal.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stores write metadata as a small JSON object:
 * {@code {"correlationId":"..","causationId":"..","headers":{"k":"v"}}}; empty metadata is stored
 * as {@code null} to save space.
 */
public final class MetadataJson {

    private MetadataJson() {
    }

    /** The JSON form, or {@code null} when the metadata is empty. */
    public static String write(Metadata metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            if (metadata.correlationId() != null) {
                g.writeStringField("correlationId", metadata.correlationId());
            }
            if (metadata.causationId() != null) {
                g.writeStringField("causationId", metadata.causationId());
            }
            if (!metadata.headers().isEmpty()) {
                g.writeObjectFieldStart("headers");
                for (Map.Entry<String, String> h : metadata.headers().entrySet()) {
                    g.writeStringField(h.getKey(), h.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Reads what {@link #write} wrote; {@code null} gives {@link Metadata#EMPTY}. */
    public static Metadata read(String json) {
        if (json == null) {
            return Metadata.EMPTY;
        }
        String correlation = null;
        String causation = null;
        Map<String, String> headers = new LinkedHashMap<>();
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, json);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "correlationId" -> correlation = p.getValueAsString();
                    case "causationId" -> causation = p.getValueAsString();
                    case "headers" -> {
                        expect(p.currentToken(), JsonToken.START_OBJECT, json);
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            p.nextToken();
                            headers.put(name, p.getValueAsString());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new VellumException("Stored metadata is not valid JSON: " + json, e);
        }
        return new Metadata(correlation, causation, headers);
    }

    private static void expect(JsonToken actual, JsonToken wanted, String json) {
        if (actual != wanted) {
            throw new VellumException("Stored metadata is not a JSON object as Vellum writes it: " + json);
        }
    }
}
