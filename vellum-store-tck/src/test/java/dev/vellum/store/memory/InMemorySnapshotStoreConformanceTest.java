package dev.vellum.store.memory;

import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.snapshot.memory.InMemorySnapshotStore;
import dev.vellum.store.tck.SnapshotStoreConformanceSuite;
import java.nio.file.Path;

/** The in-memory snapshot store against the snapshot conformance suite. */
class InMemorySnapshotStoreConformanceTest extends SnapshotStoreConformanceSuite<InMemoryEventStore> {

    @Override
    protected InMemoryEventStore openStore(Path directory) {
        return new InMemoryEventStore();
    }

    @Override
    protected SnapshotStore snapshots(InMemoryEventStore store) {
        return new InMemorySnapshotStore();
    }
}
