package dev.vellum.postgres;

import dev.vellum.store.EventStore;
import dev.vellum.store.tck.DurableEventStoreConformanceSuite;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The PostgreSQL store against the conformance suite: each test directory names a fresh schema. */
class PostgresEventStoreConformanceTest extends DurableEventStoreConformanceSuite {

    private static final Map<Path, String> SCHEMAS = new ConcurrentHashMap<>();

    @Override
    protected EventStore openStore(Path directory) {
        String schema = SCHEMAS.computeIfAbsent(directory, d -> TestDatabase.freshSchema());
        return PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
    }
}
