package dev.vellum.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vellum.serde.VellumJson;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An event meant for other services, as an {@link EventTranslator} produces it: a public type name,
 * a key that orders it (events with the same key are delivered in order), and its data as JSON.
 * It is a contract with the outside world, so it is kept apart from the internal events it is
 * made from: those can change shape without other services noticing.
 *
 * @param type the public type name, e.g. {@code car.maintenance-done}: 1-200 letters, digits and {@code . _ - : /}
 * @param key what orders it, e.g. the car id; events with one key arrive in order
 * @param data one well-formed JSON value (usually an object)
 */
public record ExternalEvent(String type, String key, String data) {

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._:/-]{1,200}");
    private static final ObjectMapper JSON = VellumJson.newObjectMapper();

    /** Checks the values. @throws IllegalArgumentException when the type name is invalid or a value is missing */
    public ExternalEvent {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("Invalid external event type '" + type
                    + "': use 1-200 letters, digits or . _ - : /, e.g. 'car.maintenance-done'.");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("External event '" + type + "' has no key: give the id of what it is about,"
                    + " which keeps the events about one thing in order.");
        }
        Objects.requireNonNull(data, "data");
        try {
            JSON.readTree(data); // trailing content is an error with Vellum's mapper
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The data of external event '" + type + "' is not one JSON value: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * An external event whose data is {@code value} written as JSON with Vellum's mapper
     * ({@link VellumJson#newObjectMapper()}): records, {@code java.time} as ISO-8601, exact decimals.
     */
    public static ExternalEvent json(String type, String key, Object value) {
        try {
            return new ExternalEvent(type, key, JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The data of external event '" + type + "' cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
