package dev.vellum.server;

import dev.vellum.store.EventStore;
import java.nio.file.Path;

/** The live feed on PostgreSQL, where the log is read below the commit watermark. */
class PostgresLiveFeedTest extends LiveFeedTests {

    @Override
    EventStore openStore(Path directory) {
        return TestPostgres.freshStore();
    }
}
