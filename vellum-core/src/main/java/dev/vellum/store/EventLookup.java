package dev.vellum.store;

import java.util.Optional;
import java.util.UUID;

/**
 * Finds one event by its id. Command handling uses it to recognise a command it has already
 * handled: the ids of a command's events are derived from the command id, so finding the first one
 * means the command was recorded.
 */
public interface EventLookup {

    /**
     * The event stored under {@code id}, exactly as the global log holds it, or empty when no event
     * has that id. Like {@link LogReader#readAll}, it sees every event ever committed: events of
     * deleted or truncated streams are still found, because the global log keeps them and an id is
     * never reused.
     */
    Optional<RecordedEvent> readEvent(UUID id);
}
