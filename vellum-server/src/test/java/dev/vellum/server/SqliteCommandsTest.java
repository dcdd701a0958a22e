package dev.vellum.server;

import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventStore;
import java.nio.file.Path;

/** Commands over HTTP on the embedded SQLite store, the read models in a file beside it. */
class SqliteCommandsTest extends CommandsTests {

    @Override
    EventStore openStore(Path directory) {
        return SqliteEventStore.open(directory.resolve("vellum.db"));
    }

    @Override
    SqlReadModel openReadModel(Path directory) {
        return SqliteReadModel.open(directory.resolve("read-models.db"));
    }
}
