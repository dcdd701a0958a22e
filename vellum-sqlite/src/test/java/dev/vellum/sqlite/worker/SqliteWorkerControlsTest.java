package dev.vellum.sqlite.worker;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.sqlite.Durability;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventStore;
import dev.vellum.timer.sql.SqlTimerStore;
import dev.vellum.worker.tck.WorkerControlsSuite;
import java.nio.file.Path;

/** Every control of every worker kind through the registry on SQLite: the store and a read model in two files. */
class SqliteWorkerControlsTest extends WorkerControlsSuite<SqlContext, SqlTimerStore> {

    @Override
    protected EventStore openStore(Path directory) {
        return SqliteEventStore.builder(directory.resolve("events.db")).synchronous(Durability.NORMAL).open();
    }

    @Override
    protected CheckpointStore<SqlContext> openCheckpoints(Path directory) {
        return SqliteReadModel.open(directory.resolve("read.db"));
    }

    @Override
    protected SqlTimerStore outbox(CheckpointStore<SqlContext> checkpoints) {
        return new SqlTimerStore((SqliteReadModel) checkpoints);
    }

    @Override
    protected void closeCheckpoints(CheckpointStore<SqlContext> store) {
        ((SqliteReadModel) store).close();
    }
}
