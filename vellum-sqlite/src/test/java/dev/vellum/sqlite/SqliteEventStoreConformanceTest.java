package dev.vellum.sqlite;

import dev.vellum.store.EventStore;
import dev.vellum.store.tck.DurableEventStoreConformanceSuite;
import java.nio.file.Path;

/** The SQLite store against the conformance suite, including the persistence tests. */
class SqliteEventStoreConformanceTest extends DurableEventStoreConformanceSuite {

    @Override
    protected EventStore openStore(Path directory) {
        return SqliteEventStore.open(directory.resolve("events.db"));
    }
}
