package dev.vellum.sqlite.projection;

import dev.vellum.projection.tck.RebuildWithoutDowntimeSuite;
import dev.vellum.sqlite.Durability;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import java.nio.file.Path;

/** The read-model rebuild suite on SQLite: store and read model in two files of one directory. */
class RebuildWithoutDowntimeTest extends RebuildWithoutDowntimeSuite<SqliteReadModel> {

    @Override
    protected EventStore openStore(Path directory) {
        return SqliteEventStore.builder(directory.resolve("events.db")).synchronous(Durability.NORMAL).open();
    }

    @Override
    protected SqliteReadModel openReadModel(Path directory) {
        return SqliteReadModel.open(directory.resolve("read.db"));
    }

    @Override
    protected String countsColumns() {
        return "(stream TEXT PRIMARY KEY, events INTEGER NOT NULL, built_by INTEGER NOT NULL)";
    }

    @Override
    protected String countUpsert() {
        return "INSERT INTO {stream_counts} (stream, events, built_by) VALUES (?, 1, ?)"
                + " ON CONFLICT (stream) DO UPDATE SET events = events + 1";
    }

    @Override
    protected String tableNamesQuery() {
        return "SELECT name FROM sqlite_master WHERE type = 'table'";
    }
}
