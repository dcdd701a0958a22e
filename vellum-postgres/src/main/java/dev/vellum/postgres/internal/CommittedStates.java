package dev.vellum.postgres.internal;

import dev.vellum.jdbc.spi.WriteRequest;
import dev.vellum.postgres.internal.BatchPlan.Change;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.store.spi.StreamState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stream states the group-commit writers of this store last committed, for the most recently
 * written streams, so that a batch of appends can be decided without first loading its streams'
 * states (a round trip and a query per batch). The states may be stale (another node, an append in
 * a caller's transaction, or a concurrent writer here may have written since), which costs speed
 * but never correctness: a batch decided from them is written only when every request in it
 * changes its stream's state, and {@code write_batch} then refuses the whole batch (a conflict)
 * unless every state it read is still the stored one (see {@link PgBatch#planKnown}).
 */
final class CommittedStates {

    /** How many streams are remembered; the least recently written are forgotten first. */
    static final int CAPACITY = 10_000;

    private final Map<StreamId, StreamState> states = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<StreamId, StreamState> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * The states to decide {@code requests} with: those remembered, and none for a stream not
     * remembered whose every append expects no stream (it is then assumed to have no row, which its
     * write verifies). Empty when the batch needs the stored states: a deletion, or an append to a
     * stream not remembered that expects it may exist.
     */
    synchronized Optional<Map<StreamId, StreamState>> of(List<WriteRequest> requests) {
        Map<StreamId, StreamState> known = new HashMap<>();
        for (WriteRequest r : requests) {
            if (!(r instanceof WriteRequest.Append a)) {
                return Optional.empty();
            }
            StreamState state = states.get(a.stream());
            if (state != null) {
                known.put(a.stream(), state);
            } else if (!(a.expected() instanceof ExpectedRevision.NoStream)) {
                return Optional.empty();
            }
        }
        return Optional.of(known);
    }

    /** Remembers the states a batch committed. */
    synchronized void committed(List<Change> changes) {
        for (Change c : changes) {
            states.put(c.stream(), c.after());
        }
    }

    /** Forgets the streams of a batch that lost a race, so that its next attempt loads them. */
    synchronized void forget(List<WriteRequest> requests) {
        for (WriteRequest r : requests) {
            switch (r) {
                case WriteRequest.Append a -> states.remove(a.stream());
                case WriteRequest.Delete d -> states.remove(d.stream());
            }
        }
    }
}
