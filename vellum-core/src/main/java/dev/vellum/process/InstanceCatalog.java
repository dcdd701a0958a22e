package dev.vellum.process;

import dev.vellum.store.EventStore;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.TimerStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What an operator asks of a process manager's instances: which there are (the store's catalog of
 * its category) and which timers each has scheduled (derived again from its recorded events, then
 * looked up in the timer store in whatever state they are).
 */
final class InstanceCatalog<E> {

    private final ProcessSettings<?, E> process;
    private final EventStore store;
    private final TimerStore timers;
    private final Function<String, StreamId> streams;
    private final String prefix;

    /** Over {@code process}'s instances, whose streams {@code streams} names. */
    InstanceCatalog(ProcessSettings<?, E> process, EventStore store, TimerStore timers, Function<String, StreamId> streams) {
        this.process = process;
        this.store = store;
        this.timers = timers;
        this.streams = streams;
        this.prefix = process.streamCategory() + "-";
    }

    List<ProcessInstance> list(String afterId, int limit) {
        String after = afterId == null || afterId.isEmpty() ? "" : prefix + afterId;
        return store.listStreams(prefix, after, limit).stream()
                .map(s -> new ProcessInstance(s.stream().value().substring(prefix.length()), s)).toList();
    }

    long count() {
        return store.countStreams(prefix);
    }

    List<StoredTimer> timers(String instance) {
        List<RecordedEvent> events;
        try {
            events = store.readStream(streams.apply(instance));
        } catch (StreamNotFoundException | StreamDeletedException e) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (RecordedEvent recorded : events) {
            if (process.types().isRegistered(recorded.type())) {
                E event = process.types().deserialize(recorded, process.eventType());
                for (ProcessAction action : process.actions().after(event)) {
                    if (action instanceof ProcessAction.Schedule schedule) {
                        names.add(schedule.name());
                    }
                }
            }
        }
        List<StoredTimer> found = new ArrayList<>();
        for (String name : names) {
            Optional<StoredTimer> timer = timers.find(TimerEnvelope.id(process, instance, name));
            timer.map(TimerEnvelope::asScheduled).ifPresent(found::add);
        }
        return found;
    }
}
