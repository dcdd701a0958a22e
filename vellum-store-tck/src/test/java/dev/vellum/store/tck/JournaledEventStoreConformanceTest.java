package dev.vellum.store.tck;

import dev.vellum.store.EventStore;
import java.nio.file.Path;

/** Runs the durable suite, persistence tests included, on the journaled test double. */
class JournaledEventStoreConformanceTest extends DurableEventStoreConformanceSuite {

    @Override
    protected EventStore openStore(Path directory) {
        return new JournaledEventStore(directory);
    }
}
