package dev.vellum.sqlite.projection;

import dev.vellum.projection.tck.BatchedWritesSuite;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import java.nio.file.Path;

/** The batched-writes suite on SQLite: store and read model in two files of one directory. */
class BatchedWritesTest extends BatchedWritesSuite<SqliteReadModel> {

    @Override
    protected EventStore openStore(Path directory) {
        return SqliteEventStore.open(directory.resolve("events.db"));
    }

    @Override
    protected SqliteReadModel openReadModel(Path directory) {
        return SqliteReadModel.open(directory.resolve("read.db"));
    }
}
