package dev.vellum.integration.internal;

import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.internal.CommandLog;
import dev.vellum.store.EventLookup;
import dev.vellum.store.RecordedEvent;
import java.util.List;
import java.util.Optional;

/**
 * Finds the events of the append an event belongs to. The command handler derives the ids of a
 * command's events from the stream, the command id and the index ({@link CommandLog}) and names
 * the command in the {@value CommandMetadata#COMMAND_HEADER} header, so from any of them the whole
 * append can be looked up by id, whatever else was appended around it and even if the stream was
 * deleted since. An event appended without a command comes alone.
 */
public final class AppendGroup {

    private AppendGroup() {
    }

    /**
     * The events of {@code event}'s append from {@code event} on, in order: the rest of the
     * append follows it; the events before it were handled with an earlier event.
     */
    public static List<RecordedEvent> from(EventLookup store, RecordedEvent event) {
        String command = event.metadata().header(CommandMetadata.COMMAND_HEADER);
        if (command == null) {
            return List.of(event);
        }
        Optional<List<RecordedEvent>> recorded = CommandLog.recorded(store, event.stream(), command);
        if (recorded.isEmpty() || recorded.get().stream().noneMatch(e -> e.id().equals(event.id()))) {
            return List.of(event); // the header was set by hand: the ids tell nothing
        }
        return recorded.get().stream().filter(e -> !event.position().isAfter(e.position())).toList();
    }
}
