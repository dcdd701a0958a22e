package dev.vellum.postgres;

import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.store.tck.SnapshotStoreConformanceSuite;
import java.nio.file.Path;

/** The PostgreSQL store's snapshots against the snapshot conformance suite, each test in a fresh schema. */
class PostgresSnapshotStoreConformanceTest extends SnapshotStoreConformanceSuite<PostgresEventStore> {

    @Override
    protected PostgresEventStore openStore(Path directory) {
        return PostgresEventStore.builder(TestDatabase.dataSource()).schema(TestDatabase.freshSchema()).open();
    }

    @Override
    protected SnapshotStore snapshots(PostgresEventStore store) {
        return store.snapshots();
    }
}
