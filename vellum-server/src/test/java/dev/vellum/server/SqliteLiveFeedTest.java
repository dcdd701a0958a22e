package dev.vellum.server;

import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import java.nio.file.Path;

/** The live feed on the embedded SQLite store. */
class SqliteLiveFeedTest extends LiveFeedTests {

    @Override
    EventStore openStore(Path directory) {
        return SqliteEventStore.open(directory.resolve("vellum.db"));
    }
}
