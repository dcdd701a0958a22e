package dev.vellum.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vellum.store.EventData;
import dev.vellum.store.Metadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the events of an append body: {@code [{"id", "type", "data", "metadata"}]}. The id is
 * optional (a random one is given), but a client that may resend after a lost reply sends its own.
 */
public final class EventBodies {

    private EventBodies() {
    }

    /** The events in {@code array}. @throws RequestException 400 when it is not an array of event objects */
    public static List<EventData> events(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw malformed("The field 'events' must be an array of {\"id\", \"type\", \"data\", \"metadata\"}.");
        }
        List<EventData> events = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            events.add(event(array.get(i), "events[" + i + "]"));
        }
        return events;
    }

    private static EventData event(JsonNode node, String where) {
        if (!node.isObject()) {
            throw malformed(where + " must be an object.");
        }
        UUID id;
        JsonNode idNode = node.get("id");
        if (idNode == null || idNode.isNull()) {
            id = UUID.randomUUID();
        } else {
            try {
                id = UUID.fromString(idNode.asText());
            } catch (IllegalArgumentException e) {
                throw malformed(where + ".id must be a UUID, got '" + idNode.asText() + "'.");
            }
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw malformed(where + ".type must be a string, e.g. \"OrderPlaced\".");
        }
        JsonNode data = node.get("data");
        if (data == null) {
            throw malformed(where + ".data is missing: use {} for an event without fields.");
        }
        String text;
        try {
            text = Json.MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw malformed(where + ".data cannot be written as JSON: " + e.getOriginalMessage());
        }
        return new EventData(id, type.textValue(), text, metadata(node.get("metadata"), where));
    }

    private static Metadata metadata(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return Metadata.EMPTY;
        }
        if (!node.isObject()) {
            throw malformed(where + ".metadata must be an object.");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode headersNode = node.get("headers");
        if (headersNode != null && !headersNode.isNull()) {
            if (!headersNode.isObject()) {
                throw malformed(where + ".metadata.headers must be an object of strings.");
            }
            for (Map.Entry<String, JsonNode> header : headersNode.properties()) {
                if (!header.getValue().isTextual()) {
                    throw malformed(where + ".metadata.headers." + header.getKey() + " must be a string.");
                }
                headers.put(header.getKey(), header.getValue().textValue());
            }
        }
        return new Metadata(optionalText(node, "correlationId", where), optionalText(node, "causationId", where),
                headers);
    }

    private static String optionalText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw malformed(where + ".metadata." + field + " must be a string.");
        }
        return value.textValue();
    }

    private static RequestException malformed(String message) {
        return new RequestException(ProblemType.MALFORMED_REQUEST, message);
    }
}
