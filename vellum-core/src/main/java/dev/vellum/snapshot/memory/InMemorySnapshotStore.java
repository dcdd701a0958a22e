package dev.vellum.snapshot.memory;

import dev.vellum.snapshot.Snapshot;
import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.store.StreamId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Snapshots kept in memory, for tests and examples, and beside the in-memory event store. */
public final class InMemorySnapshotStore implements SnapshotStore {

    private record Key(StreamId stream, String stateType) {
    }

    private final Map<Key, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** An empty store. */
    public InMemorySnapshotStore() {
    }

    @Override
    public Optional<Snapshot> load(StreamId stream, String stateType) {
        Objects.requireNonNull(stream, "stream");
        return Optional.ofNullable(snapshots.get(new Key(stream, Snapshot.checkStateType(stateType))));
    }

    @Override
    public void save(Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        snapshots.merge(new Key(snapshot.stream(), snapshot.stateType()), snapshot,
                (stored, offered) -> offered.replaces(stored) ? offered : stored);
    }

    @Override
    public void delete(StreamId stream) {
        Objects.requireNonNull(stream, "stream");
        snapshots.keySet().removeIf(key -> key.stream().equals(stream));
    }
}
