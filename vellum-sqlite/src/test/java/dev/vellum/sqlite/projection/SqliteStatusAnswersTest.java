package dev.vellum.sqlite.projection;

import dev.vellum.projection.tck.StatusAnswersSuite;
import dev.vellum.sqlite.Durability;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import java.nio.file.Path;

/** Status and bookkeeping reads beside a hanging batch on SQLite: store and read model in two files. */
class SqliteStatusAnswersTest extends StatusAnswersSuite<SqliteReadModel> {

    @Override
    protected EventStore openStore(Path directory) {
        return SqliteEventStore.builder(directory.resolve("events.db")).synchronous(Durability.NORMAL).open();
    }

    @Override
    protected SqliteReadModel openReadModel(Path directory) {
        return SqliteReadModel.open(directory.resolve("read.db"));
    }
}
