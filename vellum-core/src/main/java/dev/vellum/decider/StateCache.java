package dev.vellum.decider;

import dev.vellum.store.StreamId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The states a handler last decided from, per idle stream, with their revisions: at most
 * {@code capacity} entries, the least recently used evicted first. A stream's entry is taken out
 * when its lane starts (the lane then owns the state) and put back when the lane goes idle with a
 * known state; a lane that ended unsure of the state (a failure, a conflict given up) puts nothing
 * back. An entry is only a guess: the append's exact expected revision checks it against the store.
 *
 * @param <S> the state
 */
final class StateCache<S> {

    private final int capacity;
    private final Map<StreamId, Loaded<S>> entries;

    /** @param capacity the most entries kept; 0 keeps none */
    StateCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<StreamId, Loaded<S>> eldest) {
                return size() > StateCache.this.capacity;
            }
        };
    }

    /** The most entries kept. */
    int capacity() {
        return capacity;
    }

    /** Whether entries are kept at all. */
    boolean enabled() {
        return capacity > 0;
    }

    /** Takes the entry of {@code stream} out, or {@code null} when there is none. */
    synchronized Loaded<S> take(StreamId stream) {
        return entries.remove(stream);
    }

    /** Keeps {@code state} as the state {@code stream} stands at, evicting the oldest entry when full. */
    synchronized void put(StreamId stream, Loaded<S> state) {
        if (capacity > 0) {
            entries.put(stream, state);
        }
    }

    /** How many entries are kept now. */
    synchronized int size() {
        return entries.size();
    }
}
