package dev.vellum.bench.decider;

import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.snapshot.memory.InMemorySnapshotStore;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;

/** The snapshot store that goes with a benchmarked event store: its own table on SQLite. */
final class BenchSnapshots {

    private BenchSnapshots() {
    }

    /** {@code store}'s snapshots on SQLite (same file, same writer), else snapshots in memory. */
    static SnapshotStore of(EventStore store) {
        return store instanceof SqliteEventStore sqlite ? sqlite.snapshots() : new InMemorySnapshotStore();
    }
}
