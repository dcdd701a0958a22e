package dev.vellum.sqlite.timer;

import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.sql.SqlTimerStore;
import dev.vellum.timer.tck.DurableTimerStoreConformanceSuite;
import java.nio.file.Path;

/** Timers kept in a SQLite read-model database pass the durable timer suite: a reopen is a restart. */
class SqliteTimerStoreConformanceTest extends DurableTimerStoreConformanceSuite {

    private SqliteReadModel database;

    @Override
    protected TimerStore openTimerStore(Path directory) {
        database = SqliteReadModel.open(directory.resolve("read.db"));
        return new SqlTimerStore(database);
    }

    @Override
    protected void close(TimerStore timers) {
        database.close();
    }
}
