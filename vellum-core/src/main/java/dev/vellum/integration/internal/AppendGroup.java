package dev.vellum.integration.internal;

import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.internal.CommandLog;
import dev.vellum.store.EventLookup;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.store.StreamReader;
import dev.vellum.store.spi.AppendMark;
import java.util.List;
import java.util.Optional;

/**
 * Finds the events of the append an event belongs to. The command handler derives the ids of a
 * command's events from the stream, the command id and the index ({@link CommandLog}) and names
 * the command in the {@value CommandMetadata#COMMAND_HEADER} header, so from any of them the whole
 * append can be looked up by id, whatever else was appended around it and even if the stream was
 * deleted since. A plain append of several events is found from its first event, which the store
 * marked with their number ({@link AppendMark}); an event of a single-event append comes alone.
 */
public final class AppendGroup {

    private AppendGroup() {
    }

    /**
     * The events of {@code event}'s append from {@code event} on, in order: the rest of the
     * append follows it; the events before it were handled with an earlier event.
     */
    public static <S extends EventLookup & StreamReader> List<RecordedEvent> from(S store, RecordedEvent event) {
        String command = event.metadata().header(CommandMetadata.COMMAND_HEADER);
        if (command == null) {
            return marked(store, event);
        }
        Optional<List<RecordedEvent>> recorded = CommandLog.recorded(store, event.stream(), command);
        if (recorded.isEmpty() || recorded.get().stream().noneMatch(e -> e.id().equals(event.id()))) {
            return marked(store, event); // the header was set by hand: the ids tell nothing
        }
        return recorded.get().stream().filter(e -> !event.position().isAfter(e.position())).toList();
    }

    /**
     * The events of the plain append {@code event} begins, by its {@link AppendMark}: the events
     * that follow it in its stream, as many as the mark says. Alone when it carries no mark, or when
     * the stream no longer shows them all (deleted or truncated since).
     */
    private static List<RecordedEvent> marked(StreamReader store, RecordedEvent event) {
        int count = AppendMark.count(event);
        if (count == 1) {
            return List.of(event);
        }
        List<RecordedEvent> read;
        try {
            read = store.readStream(event.stream(), ReadDirection.FORWARDS, event.revision(), count);
        } catch (StreamNotFoundException | StreamDeletedException e) {
            return List.of(event);
        }
        for (int i = 0; i < read.size(); i++) {
            if (read.get(i).revision() != event.revision() + i) {
                return List.of(event);
            }
        }
        return read.size() == count && read.getFirst().id().equals(event.id()) ? read : List.of(event);
    }
}
