package dev.vellum.server;

import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.store.EventStore;
import java.nio.file.Path;

/** Commands over HTTP on PostgreSQL, the read models in a schema of their own. */
class PostgresCommandsTest extends CommandsTests {

    @Override
    EventStore openStore(Path directory) {
        return TestPostgres.freshStore();
    }

    @Override
    SqlReadModel openReadModel(Path directory) {
        return TestPostgres.freshReadModel();
    }
}
