package dev.vellum.sqlite.reactor;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.reactor.tck.AfterProjectionsSuite;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventStore;
import dev.vellum.timer.sql.SqlTimerStore;
import java.nio.file.Path;

/** Reactors that run after projections on SQLite: projection, reactors, outbox and timers in one read-model file. */
class SqliteAfterProjectionsTest extends AfterProjectionsSuite<SqlContext, SqlTimerStore> {

    private SqliteReadModel database;

    @Override
    protected EventStore openStore(Path dir) {
        return SqliteEventStore.open(dir.resolve("events.db"));
    }

    @Override
    protected CheckpointStore<SqlContext> openReadModel(Path dir) {
        database = SqliteReadModel.open(dir.resolve("read.db"));
        return database;
    }

    @Override
    protected SqlTimerStore openOutbox(CheckpointStore<SqlContext> readModel) {
        return new SqlTimerStore(database);
    }

    @Override
    protected void close(CheckpointStore<SqlContext> readModel) {
        database.close();
    }
}
