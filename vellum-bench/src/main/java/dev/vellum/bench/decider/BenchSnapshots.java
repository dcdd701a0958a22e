package dev.vellum.bench.decider;

import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.snapshot.memory.InMemorySnapshotStore;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;

/** The snapshot store that goes with a benchmarked event store: its own table on SQLite and PostgreSQL. */
final class BenchSnapshots {

    private BenchSnapshots() {
    }

    /** {@code store}'s own snapshot table (SQLite: same file, same writer; PostgreSQL: same schema), else snapshots in memory. */
    static SnapshotStore of(EventStore store) {
        return switch (store) {
            case SqliteEventStore sqlite -> sqlite.snapshots();
            case PostgresEventStore postgres -> postgres.snapshots();
            default -> new InMemorySnapshotStore();
        };
    }
}
