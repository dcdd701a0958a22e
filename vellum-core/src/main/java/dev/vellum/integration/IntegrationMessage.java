package dev.vellum.integration;

import dev.vellum.store.Position;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An external event on its way out, as a sink receives it. Its id is derived from the internal
 * events it was translated from, so a message delivered twice (at least once) carries the same id
 * both times: receivers deduplicate on it.
 *
 * @param id the same on every delivery of this message
 * @param event the external event
 * @param source the global position of the last internal event it was translated from
 * @param occurredAt when those internal events were recorded
 */
public record IntegrationMessage(UUID id, ExternalEvent event, Position source, Instant occurredAt) {

    /** Checks that nothing is missing. */
    public IntegrationMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** The external event's type. */
    public String type() {
        return event.type();
    }

    /** The external event's key. */
    public String key() {
        return event.key();
    }

    /** The external event's data. */
    public String data() {
        return event.data();
    }
}
