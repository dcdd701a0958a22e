package dev.vellum.sqlite;

import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.store.tck.SnapshotStoreConformanceSuite;
import java.nio.file.Path;

/** The SQLite store's snapshots against the snapshot conformance suite. */
class SqliteSnapshotStoreConformanceTest extends SnapshotStoreConformanceSuite<SqliteEventStore> {

    @Override
    protected SqliteEventStore openStore(Path directory) {
        return SqliteEventStore.open(directory.resolve("events.db"));
    }

    @Override
    protected SnapshotStore snapshots(SqliteEventStore store) {
        return store.snapshots();
    }
}
