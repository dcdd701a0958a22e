package dev.vellum.postgres.internal;

import dev.vellum.jdbc.spi.WriteRequest;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.spi.Idempotency;
import dev.vellum.store.spi.StreamState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides a batch of writes in memory, given the stream states and stored event ids the database
 * returned for it: which requests succeed, which fail with which typed error, which are retries,
 * and the rows to write. The rules are those of every store ({@link Idempotency},
 * {@link StreamState}); requests are applied in order, so a later request sees the earlier ones'
 * effects. Nothing here touches the database: a request that fails costs no SQL at all.
 *
 * <p>Positions are not known while planning: rows are numbered in order, and row {@code i} gets
 * position {@code first + i} once the batch has reserved its positions.
 */
final class BatchPlan {

    /** One event row to insert; {@code index} is its number within the batch. */
    record Row(int index, StreamId stream, long revision, EventData event, String metadata) {
    }

    /** What one request comes to. */
    sealed interface Outcome {
    }

    /** An append whose last event is row {@code lastRow} of this batch. */
    record Planned(int lastRow, long revision) implements Outcome {
    }

    /** A retry of an append committed before this batch: its original result. */
    record Done(AppendResult result) implements Outcome {
    }

    /** A deletion that holds. */
    record Deleted() implements Outcome {
    }

    /** A request refused with a typed error; nothing of it is written. */
    record Failed(RuntimeException error) implements Outcome {
    }

    /** A stream whose state the batch changes, from what was loaded ({@code hadRow}: a stored row) to {@code after}. */
    record Change(StreamId stream, boolean hadRow, StreamState before, StreamState after) {
    }

    private final Map<StreamId, StreamState> loaded;
    private final Map<StreamId, StreamState> states = new LinkedHashMap<>();
    private final Map<UUID, Idempotency.StoredEvent> stored;
    private final Map<UUID, Integer> plannedIds = new HashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();

    /**
     * @param loaded the stored state of every stream the batch names that has one
     * @param stored where the batch's event ids are stored already, by id
     */
    BatchPlan(Map<StreamId, StreamState> loaded, Map<UUID, Idempotency.StoredEvent> stored) {
        this.loaded = loaded;
        this.stored = new HashMap<>(stored);
    }

    /** Plans the requests, in order. */
    static BatchPlan of(List<? extends WriteRequest> requests, Map<StreamId, StreamState> loaded,
            Map<UUID, Idempotency.StoredEvent> stored) {
        BatchPlan plan = new BatchPlan(loaded, stored);
        for (WriteRequest request : requests) {
            plan.outcomes.add(plan.decide(request));
        }
        return plan;
    }

    private Outcome decide(WriteRequest request) {
        try {
            return switch (request) {
                case WriteRequest.Append a -> append(a);
                case WriteRequest.Delete d -> {
                    StreamState state = state(d.stream());
                    state.check(d.stream(), d.expected());
                    states.put(d.stream(), state.after(d.stream(), d.deletion()));
                    yield new Deleted();
                }
            };
        } catch (RuntimeException e) {
            return new Failed(e);
        }
    }

    private Outcome append(WriteRequest.Append a) {
        Map<UUID, Idempotency.StoredEvent> found = Map.of();
        for (EventData e : a.events()) {
            Idempotency.StoredEvent s = stored.get(e.id());
            if (s != null) {
                if (found.isEmpty()) {
                    found = new HashMap<>();
                }
                found.put(e.id(), s);
            }
        }
        Optional<AppendResult> retry = Idempotency.check(a.stream(), a.events(), found);
        if (retry.isPresent()) {
            Integer row = plannedIds.get(a.events().getLast().id());
            return row == null ? new Done(retry.get()) : new Planned(row, retry.get().revision());
        }
        StreamState state = state(a.stream());
        state.check(a.stream(), a.expected());
        long revision = state.lastRevision();
        for (int i = 0; i < a.events().size(); i++) {
            EventData e = a.events().get(i);
            Row row = new Row(rows.size(), a.stream(), ++revision, e, a.metadata().get(i));
            rows.add(row);
            plannedIds.put(e.id(), row.index());
            // a placeholder position, only ever compared with itself by Idempotency
            stored.put(e.id(), new Idempotency.StoredEvent(a.stream(), revision, Position.of(row.index() + 1L)));
        }
        states.put(a.stream(), state.afterAppend(a.events().size()));
        return new Planned(rows.size() - 1, revision);
    }

    private StreamState state(StreamId stream) {
        return states.computeIfAbsent(stream, s -> loaded.getOrDefault(s, StreamState.NEW));
    }

    /** The rows to insert, numbered from 0 in request order. */
    List<Row> rows() {
        return rows;
    }

    /** One outcome per request, in request order. */
    List<Outcome> outcomes() {
        return outcomes;
    }

    /**
     * True when every request is planned and changes the state of its stream, so that writing the
     * plan checks every state it was decided on: what a plan decided from states that may be stale
     * needs before it may be written.
     */
    boolean writesEveryStream() {
        for (Outcome o : outcomes) {
            if (!(o instanceof Planned)) {
                return false;
            }
        }
        for (Map.Entry<StreamId, StreamState> e : states.entrySet()) {
            if (e.getValue().equals(loaded.getOrDefault(e.getKey(), StreamState.NEW))) {
                return false;
            }
        }
        return true;
    }

    /** The streams whose state the batch changes, sorted by name so concurrent batches lock rows in one order. */
    List<Change> changes() {
        List<Change> changes = new ArrayList<>();
        states.forEach((stream, state) -> {
            StreamState before = loaded.getOrDefault(stream, StreamState.NEW);
            if (!state.equals(before)) {
                changes.add(new Change(stream, loaded.containsKey(stream), before, state));
            }
        });
        changes.sort(Comparator.comparing(c -> c.stream().value()));
        return changes;
    }
}
