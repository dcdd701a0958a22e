package dev.vellum.integration.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vellum.integration.IntegrationMessage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The body a {@link WebhookSink} posts: a JSON envelope around the external event's data, exactly as
 * translated (its bytes are not re-encoded):
 *
 * <pre>{@code
 * {"id":"6f1c...","type":"car.maintenance-done","key":"car-7","occurredAt":"2026-03-01T10:00:00Z","source":42,"data":{...}}
 * }</pre>
 */
public final class WebhookPayload {

    private static final JsonFactory JSON = new JsonFactory();

    private WebhookPayload() {
    }

    /** The envelope of {@code message}. */
    public static String write(IntegrationMessage message) {
        StringWriter out = new StringWriter(message.data().length() + 200);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", message.id().toString());
            g.writeStringField("type", message.type());
            g.writeStringField("key", message.key());
            g.writeStringField("occurredAt", message.occurredAt().toString());
            g.writeNumberField("source", message.source().value());
            g.writeFieldName("data");
            g.writeRawValue(message.data());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
