package dev.vellum.store;

import java.util.UUID;

/** An event's data and metadata together exceed {@link EventData#MAX_SIZE_BYTES}. Nothing was written. */
public final class EventTooLargeException extends InvalidEventException {
    private static final long serialVersionUID = 1L;

    private final long sizeBytes;

    /** @param eventId the event @param sizeBytes its size in UTF-8 bytes */
    public EventTooLargeException(UUID eventId, long sizeBytes) {
        super("Event " + eventId + " is " + sizeBytes + " bytes (data plus metadata, UTF-8), more than the limit of "
                + EventData.MAX_SIZE_BYTES + ". Store large payloads elsewhere and put a reference in the event.");
        this.sizeBytes = sizeBytes;
    }

    /** The rejected event's size in bytes. */
    public long sizeBytes() {
        return sizeBytes;
    }
}
