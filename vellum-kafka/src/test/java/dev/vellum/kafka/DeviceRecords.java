package dev.vellum.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vellum.examples.devices.DeviceEvent;
import dev.vellum.examples.devices.DeviceIncidents;
import dev.vellum.store.EventData;
import dev.vellum.store.StreamId;
import java.time.Instant;
import java.util.List;

/**
 * The device topic of the example: records keyed by device, valued
 * {@code {"type":"ERROR_OCCURRED","incidentId":"inc-3","deviceId":"pump-3","code":"E42","at":"..."}}
 * or {@code ERROR_RESOLVED}; the translator makes each one a {@link DeviceEvent} in stream
 * {@code device-<id>}, where the incident process manager finds it.
 */
final class DeviceRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceRecords() {
    }

    /** Record value to device event; throws on anything else. */
    static final RecordTranslator TRANSLATOR = record -> {
        JsonNode value = JSON.readTree(record.value());
        String device = value.get("deviceId").asText();
        DeviceEvent event = switch (value.get("type").asText()) {
            case "ERROR_OCCURRED" -> new DeviceEvent.ErrorOccurred(value.get("incidentId").asText(), device,
                    value.get("code").asText(), Instant.parse(value.get("at").asText()));
            case "ERROR_RESOLVED" -> new DeviceEvent.ErrorResolved(value.get("incidentId").asText(), device,
                    Instant.parse(value.get("at").asText()));
            default -> throw new IllegalArgumentException("unknown device record type " + value.get("type"));
        };
        EventData data = DeviceIncidents.TYPES.serialize(event);
        return List.of(new InboxEvent(StreamId.of("device", device), data.type(), data.data(), data.metadata()));
    };

    static String occurred(String incident, String device, Instant at) {
        return "{\"type\":\"ERROR_OCCURRED\",\"incidentId\":\"" + incident + "\",\"deviceId\":\"" + device
                + "\",\"code\":\"E42\",\"at\":\"" + at + "\"}";
    }

    static String resolved(String incident, String device, Instant at) {
        return "{\"type\":\"ERROR_RESOLVED\",\"incidentId\":\"" + incident + "\",\"deviceId\":\"" + device
                + "\",\"at\":\"" + at + "\"}";
    }
}
