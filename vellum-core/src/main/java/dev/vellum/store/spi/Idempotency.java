package dev.vellum.store.spi;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.IdempotencyConflictException;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides whether an append whose event ids were seen before is a retry of one earlier append (all
 * ids stored, in this stream, at consecutive revisions in the same order: return its result and
 * store nothing) or a conflict (typed error).
 */
public final class Idempotency {

    /**
     * Where an event id is already stored.
     *
     * @param stream its stream
     * @param revision its revision
     * @param position its position
     */
    public record StoredEvent(StreamId stream, long revision, Position position) {
    }

    private Idempotency() {
    }

    /**
     * Classifies an append given the events already stored under its ids.
     *
     * @param found the stored events keyed by id; ids not stored are absent
     * @return empty when no id was stored (a fresh append), else the original result
     * @throws IdempotencyConflictException when some but not all ids were stored, or not as one append
     */
    public static Optional<AppendResult> check(StreamId stream, List<EventData> events, Map<UUID, StoredEvent> found) {
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (found.size() != events.size()) {
            throw new IdempotencyConflictException(stream, found.size() + " of its " + events.size()
                    + " event ids were stored before (e.g. " + found.keySet().iterator().next() + ")");
        }
        StoredEvent first = found.get(events.getFirst().id());
        for (int i = 0; i < events.size(); i++) {
            UUID id = events.get(i).id();
            StoredEvent stored = found.get(id);
            if (!stored.stream().equals(stream)) {
                throw new IdempotencyConflictException(stream, "event id " + id + " is stored in stream '"
                        + stored.stream() + "'");
            }
            if (stored.revision() != first.revision() + i) {
                throw new IdempotencyConflictException(stream, "event id " + id
                        + " was stored at another place in the stream than this append puts it");
            }
        }
        StoredEvent last = found.get(events.getLast().id());
        return Optional.of(new AppendResult(last.revision(), last.position()));
    }
}
