package dev.vellum.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.sql.SqlTimerStore;
import dev.vellum.timer.tck.DurableTimerStoreConformanceSuite;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Timers and the side-effect outbox kept in a PostgreSQL read-model schema pass the durable timer
 * suite: each test's directory stands for a fresh schema, and a reopen (a restart) opens the same one.
 */
class PostgresTimerStoreConformanceTest extends DurableTimerStoreConformanceSuite {

    private final Map<Path, String> schemas = new ConcurrentHashMap<>();
    private HikariDataSource pool;
    private PostgresReadModel database;

    @Override
    protected TimerStore openTimerStore(Path directory) {
        String schema = schemas.computeIfAbsent(directory, d -> TestDatabase.freshSchema() + "_timers");
        pool = TestDatabase.dataSourceIn(schema, 4);
        database = PostgresReadModel.open(pool);
        return new SqlTimerStore(database);
    }

    @Override
    protected void close(TimerStore timers) {
        database.close();
        pool.close();
    }
}
