package dev.vellum.decider.internal;

import dev.vellum.decider.Decider;
import dev.vellum.serde.EventTypes;
import dev.vellum.snapshot.Snapshot;
import dev.vellum.snapshot.StateFormatException;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.store.StreamReader;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a state: from the stream's snapshot when one fits, plus the events after it; otherwise by
 * folding the stream's readable events from the start. Reads page by page, so a long stream is
 * never held in memory at once.
 *
 * <p>A snapshot fits when it has the state's current schema version and still describes the
 * readable stream: its first folded revision is still the first readable one (no soft delete or
 * truncation has hidden events it folded), and the event at its revision is still there with the
 * id it recorded. Only then does loading from it give the same state as folding every readable
 * event, which is what makes deleting snapshots harmless.
 */
public final class StateLoader<S, E> {

    private static final Logger LOG = LoggerFactory.getLogger(StateLoader.class);
    private static final int PAGE = StreamReader.PAGE_SIZE;

    private final StreamReader store;
    private final EventTypes types;
    private final Class<E> eventType;
    private final Decider<?, S, E> decider;
    private final SnapshotSettings<S> snapshots;

    /**
     * @param snapshots how snapshots are used, or {@code null} for none
     */
    public StateLoader(StreamReader store, EventTypes types, Class<E> eventType, Decider<?, S, E> decider,
            SnapshotSettings<S> snapshots) {
        this.store = store;
        this.types = types;
        this.eventType = eventType;
        this.decider = decider;
        this.snapshots = snapshots;
    }

    /** The state of {@code stream} within {@code bound}; the initial state when it has no readable events. */
    public Loaded<S> load(StreamId stream, Bound bound) {
        if (snapshots != null) {
            Optional<Snapshot> snapshot = kept(stream);
            if (snapshot.isPresent() && bound.allowsSnapshotAt(snapshot.get().revision())) {
                Optional<Loaded<S>> loaded = fromSnapshot(stream, snapshot.get(), bound);
                if (loaded.isPresent()) {
                    return loaded.get();
                }
            }
        }
        return fromStart(stream, bound);
    }

    private S evolve(S state, RecordedEvent event) {
        E decoded = types.deserialize(event, eventType);
        S next = decider.evolve(state, decoded);
        if (next == null) {
            throw new IllegalStateException("evolve returned null for " + event.type() + " at revision "
                    + event.revision() + " of stream '" + event.stream() + "': return the state, even unchanged.");
        }
        return next;
    }

    /** The stream's snapshot; none when the snapshot store fails, since the events alone suffice. */
    private Optional<Snapshot> kept(StreamId stream) {
        try {
            return snapshots.store().load(stream, snapshots.format().name());
        } catch (RuntimeException e) {
            LOG.warn("Could not read the snapshot of '{}'; folding its events instead", stream, e);
            return Optional.empty();
        }
    }

    private Loaded<S> fromStart(StreamId stream, Bound bound) {
        Loaded<S> empty = Loaded.empty(decider.initialState());
        List<RecordedEvent> page;
        try {
            page = store.readStream(stream, ReadDirection.FORWARDS, 0, PAGE);
        } catch (StreamNotFoundException e) {
            return empty;
        }
        return fold(stream, page, 0, empty, bound);
    }

    private Optional<Loaded<S>> fromSnapshot(StreamId stream, Snapshot snapshot, Bound bound) {
        if (snapshot.schemaVersion() != snapshots.format().version()) {
            LOG.debug("Ignoring the snapshot of '{}' at revision {}: schema version {}, the state is at {}",
                    stream, snapshot.revision(), snapshot.schemaVersion(), snapshots.format().version());
            return Optional.empty();
        }
        List<RecordedEvent> first;
        List<RecordedEvent> page;
        try {
            first = store.readStream(stream, ReadDirection.FORWARDS, snapshot.firstRevision(), 1);
            page = store.readStream(stream, ReadDirection.FORWARDS, snapshot.revision(), PAGE);
        } catch (StreamNotFoundException e) {
            return Optional.empty();
        }
        if (first.isEmpty() || first.getFirst().revision() != snapshot.firstRevision()
                || page.isEmpty() || page.getFirst().revision() != snapshot.revision()
                || !page.getFirst().id().equals(snapshot.eventId())) {
            LOG.debug("Ignoring the snapshot of '{}' at revision {}: the readable stream no longer matches it",
                    stream, snapshot.revision());
            return Optional.empty();
        }
        S state;
        try {
            state = snapshots.format().read(snapshot.state());
        } catch (StateFormatException e) {
            LOG.warn("Ignoring the snapshot of '{}' at revision {}: {}", stream, snapshot.revision(), e.getMessage());
            return Optional.empty();
        }
        Loaded<S> start = new Loaded<>(state, snapshot.revision(), page.getFirst().position(),
                snapshot.firstRevision(), snapshot.revision());
        return Optional.of(fold(stream, page, 1, start, bound));
    }

    /** Folds {@code page} from {@code index} on, and the pages after it, into {@code start}. */
    private Loaded<S> fold(StreamId stream, List<RecordedEvent> page, int index, Loaded<S> start, Bound bound) {
        S state = start.state();
        long revision = start.revision();
        Position position = start.position();
        long first = start.firstRevision();
        List<RecordedEvent> current = page;
        int from = index;
        while (true) {
            for (int i = from; i < current.size(); i++) {
                RecordedEvent event = current.get(i);
                if (!bound.includes(event)) {
                    return new Loaded<>(state, revision, position, first, start.snapshotRevision());
                }
                state = evolve(state, event);
                revision = event.revision();
                position = event.position();
                first = first < 0 ? revision : first;
            }
            if (current.size() < PAGE) {
                return new Loaded<>(state, revision, position, first, start.snapshotRevision());
            }
            current = store.readStream(stream, ReadDirection.FORWARDS, current.getLast().revision() + 1, PAGE);
            from = 0;
        }
    }
}
