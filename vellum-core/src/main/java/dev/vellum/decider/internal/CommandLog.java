package dev.vellum.decider.internal;

import dev.vellum.store.EventLookup;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamAppender;
import dev.vellum.store.StreamId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What makes commands idempotent: the ids of a command's events are derived from the stream, the
 * command id and the event's index (name-based UUIDs), so the store itself remembers every command
 * it recorded, across restarts, with no table of its own. Finding the first event id means the
 * command was recorded; its events are then found one id after the other.
 */
public final class CommandLog {

    private CommandLog() {
    }

    /** The id of event {@code index} (from 0) of command {@code commandId} on {@code stream}. */
    public static UUID eventId(StreamId stream, String commandId, int index) {
        String name = "vellum-command\u0000" + stream.value() + "\u0000" + commandId + "\u0000" + index;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The events command {@code commandId} recorded on {@code stream}, in order, or empty when it
     * recorded none.
     */
    public static Optional<List<RecordedEvent>> recorded(EventLookup store, StreamId stream, String commandId) {
        Optional<RecordedEvent> first = store.readEvent(eventId(stream, commandId, 0));
        if (first.isEmpty()) {
            return Optional.empty();
        }
        List<RecordedEvent> events = new ArrayList<>();
        events.add(first.get());
        for (int i = 1; i < StreamAppender.MAX_EVENTS_PER_APPEND; i++) {
            Optional<RecordedEvent> next = store.readEvent(eventId(stream, commandId, i));
            if (next.isEmpty()) {
                break;
            }
            events.add(next.get());
        }
        return Optional.of(events);
    }
}
