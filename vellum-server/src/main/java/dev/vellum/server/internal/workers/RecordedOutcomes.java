package dev.vellum.server.internal.workers;

import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outcomes a reactor recorded lately: the events among the last {@link #WINDOW} positions of the
 * log whose {@code $effect} header names one of the reactor's effects (an effect's key starts with the
 * reactor's name and a slash). Reading a bounded window keeps the answer fast on a big store; older
 * outcomes are still in the log, each with its {@code $effect} header.
 *
 * <p>The console polls this every few seconds, so the window is not read again each time: per
 * reactor, what was found up to the head of the last answer is kept (at most the newest
 * {@code kept}, as many as one answer may ask for), and the next answer reads only the positions
 * after it, then drops what fell out of the window. That answers what reading the whole window would:
 * the log below its head never changes (deletions hide events from stream reads, not from the log).
 */
final class RecordedOutcomes {

    /** How many positions back from the head are read. */
    static final long WINDOW = 10_000;

    private static final String EFFECT_HEADER = "$effect";
    private static final int PAGE = 1_000;
    private static final String WORKER_PREFIX = "reactor.";

    private final EventStore store;
    private final int kept;
    private final Map<String, Scan> scans = new ConcurrentHashMap<>();

    /** Outcomes in {@code store}; an answer asks for at most {@code kept} of them. */
    RecordedOutcomes(EventStore store, int kept) {
        this.store = store;
        this.kept = kept;
    }

    /** What was read: the window's first position (exclusive) and the head it read up to, and the outcomes. */
    record Window(Position after, Position head, List<RecordedEvent> newestFirst) {
    }

    /** Up to {@code limit} (at most {@code kept}) outcomes of the reactor whose worker name is {@code worker}, newest first. */
    Window of(String worker, int limit) {
        return scans.computeIfAbsent(worker, Scan::new).read(Math.min(limit, kept));
    }

    /** One reactor's outcomes found so far, and how far the log was read for them. */
    private final class Scan {

        private final String keyPrefix;
        private final ArrayDeque<RecordedEvent> found = new ArrayDeque<>(); // oldest first
        private long readUpTo;

        Scan(String worker) {
            this.keyPrefix = (worker.startsWith(WORKER_PREFIX) ? worker.substring(WORKER_PREFIX.length()) : worker) + "/";
        }

        synchronized Window read(int limit) {
            Position head = store.head();
            Position after = Position.of(Math.max(0, head.value() - WINDOW));
            if (readUpTo < after.value()) {
                readUpTo = after.value(); // nothing read before is in the window any more
                found.clear();
            }
            readUp(head);
            while (!found.isEmpty() && found.peekFirst().position().value() <= after.value()) {
                found.pollFirst();
            }
            List<RecordedEvent> newestFirst = new ArrayList<>(Math.min(limit, found.size()));
            for (var newer = found.descendingIterator(); newer.hasNext() && newestFirst.size() < limit; ) {
                newestFirst.add(newer.next());
            }
            return new Window(after, head, List.copyOf(newestFirst));
        }

        /** Reads the log after {@code readUpTo} up to {@code head}, keeping the reactor's outcomes. */
        private void readUp(Position head) {
            while (readUpTo < head.value()) {
                List<RecordedEvent> page = store.readAll(Position.of(readUpTo), LogFilter.all(), PAGE);
                if (page.isEmpty()) {
                    return;
                }
                for (RecordedEvent event : page) {
                    if (event.position().value() > head.value()) {
                        readUpTo = head.value();
                        return;
                    }
                    String key = event.metadata().headers().get(EFFECT_HEADER);
                    if (key != null && key.startsWith(keyPrefix)) {
                        found.addLast(event);
                        if (found.size() > kept) {
                            found.pollFirst();
                        }
                    }
                    readUpTo = event.position().value();
                }
            }
        }
    }
}
