package dev.vellum.serde;

import dev.vellum.store.RecordedEvent;

/**
 * A stored event has a schema version newer than the one its type is registered with: the data was
 * written by a newer release of the application than the one reading it. Nothing can upcast data
 * downwards; deploy the newer code before reading, or keep older readers off these events.
 */
public final class SchemaVersionTooNewException extends EventDeserializationException {
    private static final long serialVersionUID = 1L;

    private final int storedVersion;
    private final int knownVersion;

    /**
     * @param event the stored event
     * @param storedVersion the schema version recorded with it
     * @param knownVersion the newest version this registry knows for its type
     */
    public SchemaVersionTooNewException(RecordedEvent event, int storedVersion, int knownVersion) {
        super(describe(event) + ": it has schema version " + storedVersion + " but this code knows '"
                + event.type() + "' only up to version " + knownVersion + ". The data was written by a"
                + " newer release: deploy it here too (or register version " + storedVersion + ") before reading.",
                event, null);
        this.storedVersion = storedVersion;
        this.knownVersion = knownVersion;
    }

    /** The schema version recorded with the event. */
    public int storedVersion() {
        return storedVersion;
    }

    /** The newest schema version this registry knows for the event's type. */
    public int knownVersion() {
        return knownVersion;
    }
}
