package dev.vellum.store.memory;

import dev.vellum.store.EventStore;
import dev.vellum.store.tck.EventStoreConformanceSuite;
import java.nio.file.Path;

/** The in-memory store against the conformance suite; it keeps nothing across a close. */
class InMemoryEventStoreConformanceTest extends EventStoreConformanceSuite {

    @Override
    protected EventStore openStore(Path directory) {
        return new InMemoryEventStore();
    }
}
