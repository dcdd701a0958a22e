package dev.vellum.server;

import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import java.nio.file.Path;

/** The store's resources on the embedded SQLite store. */
class SqliteStoreApiTest extends StoreApiTests {

    @Override
    EventStore openStore(Path directory) {
        return SqliteEventStore.open(directory.resolve("vellum.db"));
    }
}
