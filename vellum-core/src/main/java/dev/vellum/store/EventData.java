package dev.vellum.store;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An event to append: a unique id (which makes retries idempotent), a stable type name decoupled
 * from any Java class name, the data as one JSON value, and metadata. Data and metadata together
 * may take at most {@link #MAX_SIZE_BYTES} bytes; stores check the JSON and the size on append.
 *
 * @param id the event's unique id; resend the same id to retry safely
 * @param type the type name, e.g. {@code OrderPlaced}: 1-{@value #MAX_TYPE_LENGTH} characters of
 *     letters, digits and {@code . _ - : / $}
 * @param data the data, one well-formed JSON value (usually an object)
 * @param metadata correlation, causation and headers
 */
public record EventData(UUID id, String type, String data, Metadata metadata) {

    /** The most bytes (UTF-8) an event's data and serialized metadata may take together: 1 MiB. */
    public static final int MAX_SIZE_BYTES = 1 << 20;

    /** The longest type name accepted. */
    public static final int MAX_TYPE_LENGTH = 200;

    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9._:/$-]+");

    /** Checks that nothing is missing and that the type name is valid. */
    public EventData {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(metadata, "metadata");
        if (type == null || type.isEmpty() || type.length() > MAX_TYPE_LENGTH || !TYPE_NAME.matcher(type).matches()) {
            throw new InvalidEventException("Invalid event type name '" + type + "' for event " + id
                    + ": use 1-" + MAX_TYPE_LENGTH + " letters, digits or . _ - : / $, e.g. 'OrderPlaced'.");
        }
        if (data == null) {
            throw new InvalidEventException("Event " + id + " has no data: use \"{}\" for an event without fields.");
        }
    }

    /** An event with a random id and no metadata. */
    public static EventData of(String type, String data) {
        return new EventData(UUID.randomUUID(), type, data, Metadata.EMPTY);
    }

    /** This event with other metadata. */
    public EventData withMetadata(Metadata newMetadata) {
        return new EventData(id, type, data, newMetadata);
    }
}
