package dev.vellum.server;

import dev.vellum.store.EventStore;
import java.nio.file.Path;

/** The store's resources on PostgreSQL (embedded, a fresh schema per test). */
class PostgresStoreApiTest extends StoreApiTests {

    @Override
    EventStore openStore(Path directory) {
        return TestPostgres.freshStore();
    }
}
