package dev.vellum.decider;

import dev.vellum.decider.internal.Bound;
import dev.vellum.decider.internal.SnapshotSettings;
import dev.vellum.serde.EventTypes;
import dev.vellum.snapshot.Snapshot;
import dev.vellum.snapshot.SnapshotPolicy;
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
 * <p>The first read takes the stream's first events, as many as one snapshot interval holds (a
 * whole page without snapshots). A stream that has fewer is folded from them at once, with no
 * snapshot read: a snapshot could save folding fewer events than one interval, and reading it costs
 * a round trip to the store, which on a short stream is most of the load. A longer stream's first
 * event is what the snapshot is checked against, so it costs no more reads than before.
 *
 * <p>A snapshot fits when it has the state's current schema version and still describes the
 * readable stream: its first folded revision is still the first readable one (no soft delete or
 * truncation has hidden events it folded), and the event at its revision is still there with the
 * id it recorded. Only then does loading from it give the same state as folding every readable
 * event, which is what makes deleting snapshots harmless.
 */
final class StateLoader<S, E> {

    private static final Logger LOG = LoggerFactory.getLogger(StateLoader.class);
    private static final int PAGE = StreamReader.PAGE_SIZE;

    private final StreamReader store;
    private final EventTypes types;
    private final Class<E> eventType;
    private final Decider<?, S, E> decider;
    private final SnapshotSettings<S> snapshots;
    private final int firstRead;

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
        this.firstRead = snapshots == null ? PAGE
                : snapshots.policy() instanceof SnapshotPolicy.Every every ? Math.min(every.events(), PAGE) : 1;
    }

    /** The state of {@code stream} within {@code bound}; the initial state when it has no readable events. */
    public Loaded<S> load(StreamId stream, Bound bound) {
        Loaded<S> empty = Loaded.empty(decider.initialState());
        List<RecordedEvent> first;
        try {
            first = store.readStream(stream, ReadDirection.FORWARDS, 0, firstRead);
        } catch (StreamNotFoundException e) {
            return empty;
        }
        if (snapshots != null && first.size() == firstRead) {
            Optional<Snapshot> snapshot = kept(stream);
            if (snapshot.isPresent() && bound.allowsSnapshotAt(snapshot.get().revision())) {
                Optional<Loaded<S>> loaded = fromSnapshot(stream, snapshot.get(), first.getFirst().revision(), bound);
                if (loaded.isPresent()) {
                    return loaded.get();
                }
            }
        }
        return fold(stream, first, firstRead, 0, empty, bound);
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

    /** @param firstReadable the revision of the stream's first readable event */
    private Optional<Loaded<S>> fromSnapshot(StreamId stream, Snapshot snapshot, long firstReadable, Bound bound) {
        if (snapshot.schemaVersion() != snapshots.format().version()) {
            LOG.debug("Ignoring the snapshot of '{}' at revision {}: schema version {}, the state is at {}",
                    stream, snapshot.revision(), snapshot.schemaVersion(), snapshots.format().version());
            return Optional.empty();
        }
        List<RecordedEvent> page;
        try {
            page = firstReadable != snapshot.firstRevision() ? List.of()
                    : store.readStream(stream, ReadDirection.FORWARDS, snapshot.revision(), PAGE);
        } catch (StreamNotFoundException e) {
            return Optional.empty();
        }
        if (page.isEmpty() || page.getFirst().revision() != snapshot.revision()
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
        return Optional.of(fold(stream, page, PAGE, 1, start, bound));
    }

    /**
     * Folds {@code page} from {@code index} on, and the pages after it, into {@code start}.
     *
     * @param limit the most events {@code page} was read with: a page that has fewer ends the stream
     */
    private Loaded<S> fold(StreamId stream, List<RecordedEvent> page, int limit, int index, Loaded<S> start,
            Bound bound) {
        S state = start.state();
        long revision = start.revision();
        Position position = start.position();
        long first = start.firstRevision();
        List<RecordedEvent> current = page;
        int from = index;
        int read = limit;
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
            if (current.size() < read) {
                return new Loaded<>(state, revision, position, first, start.snapshotRevision());
            }
            current = store.readStream(stream, ReadDirection.FORWARDS, current.getLast().revision() + 1, PAGE);
            from = 0;
            read = PAGE;
        }
    }
}
