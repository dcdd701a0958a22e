package dev.vellum.snapshot;

import dev.vellum.store.StreamId;
import java.util.Optional;

/**
 * Where snapshots are kept: at most one per stream and state type, the newest. Snapshots are an
 * optimisation: a store may lose or drop any of them at any time, and deleting them never changes
 * what a command handler decides, only how much it reads. Implementations are thread-safe.
 *
 * <p>The in-memory store is {@code dev.vellum.snapshot.memory.InMemorySnapshotStore}; the SQLite
 * event store offers one in its own database file ({@code SqliteEventStore.snapshots()}), and the
 * PostgreSQL store one in its schema ({@code PostgresEventStore.snapshots()}). Every
 * implementation passes {@code SnapshotStoreConformanceSuite} in {@code vellum-store-tck}.
 */
public interface SnapshotStore {

    /** The snapshot kept for {@code stream} and {@code stateType}, or empty. */
    Optional<Snapshot> load(StreamId stream, String stateType);

    /**
     * Keeps {@code snapshot} unless the one already kept for its stream and state type is newer and
     * of the same schema version (see {@link Snapshot#replaces}). Returns once it is stored.
     */
    void save(Snapshot snapshot);

    /** Drops every snapshot of {@code stream}, of all state types; nothing happens when it has none. */
    void delete(StreamId stream);
}
