package dev.vellum.server.internal.workers;

import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcomes a reactor recorded lately: the events among the last {@link #WINDOW} positions of the
 * log whose {@code $effect} header names one of the reactor's effects (an effect's key starts with the
 * reactor's name and a slash). Reading a bounded window keeps the answer fast on a big store; older
 * outcomes are still in the log, each with its {@code $effect} header.
 */
final class RecordedOutcomes {

    /** How many positions back from the head are read. */
    static final long WINDOW = 10_000;

    private static final String EFFECT_HEADER = "$effect";
    private static final int PAGE = 1_000;
    private static final String WORKER_PREFIX = "reactor.";

    private final EventStore store;

    RecordedOutcomes(EventStore store) {
        this.store = store;
    }

    /** What was read: the window's first position (exclusive) and the head it read up to, and the outcomes. */
    record Window(Position after, Position head, List<RecordedEvent> newestFirst) {
    }

    /** Up to {@code limit} outcomes of the reactor whose worker name is {@code worker}, newest first. */
    Window of(String worker, int limit) {
        String keyPrefix = (worker.startsWith(WORKER_PREFIX) ? worker.substring(WORKER_PREFIX.length()) : worker) + "/";
        Position head = store.head();
        Position after = Position.of(Math.max(0, head.value() - WINDOW));
        List<RecordedEvent> found = new ArrayList<>();
        Position next = after;
        while (next.value() < head.value()) {
            List<RecordedEvent> page = store.readAll(next, LogFilter.all(), PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (RecordedEvent event : page) {
                if (event.position().value() > head.value()) {
                    break;
                }
                String key = event.metadata().headers().get(EFFECT_HEADER);
                if (key != null && key.startsWith(keyPrefix)) {
                    found.add(event);
                }
            }
            next = page.getLast().position();
        }
        List<RecordedEvent> newest = found.reversed();
        return new Window(after, head, List.copyOf(newest.subList(0, Math.min(limit, newest.size()))));
    }
}
