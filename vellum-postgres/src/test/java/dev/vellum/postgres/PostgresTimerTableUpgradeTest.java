package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.timer.Timer;
import dev.vellum.timer.sql.SqlTimerStore;
import dev.vellum.timer.tck.SqlTimerTableUpgradeSuite;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL read-model schema whose timer table is from before deadlines upgrades in place, also
 * when several nodes open it at once and each finds the deadline column missing.
 */
class PostgresTimerTableUpgradeTest extends SqlTimerTableUpgradeSuite {

    private static final int NODES = 6;

    private final Map<Path, String> schemas = new ConcurrentHashMap<>();
    private final Map<SqlReadModel, HikariDataSource> pools = new IdentityHashMap<>();

    @Override
    protected SqlReadModel openDatabase(Path directory) {
        HikariDataSource pool = TestDatabase.dataSourceIn(
                schemas.computeIfAbsent(directory, d -> TestDatabase.freshSchema() + "_upgrade"), 4);
        PostgresReadModel database = PostgresReadModel.open(pool);
        pools.put(database, pool);
        return database;
    }

    @Override
    protected void close(SqlReadModel database) {
        ((PostgresReadModel) database).close();
        pools.remove(database).close();
    }

    @Test
    void severalNodesUpgradingTheOldTableAtOnceAllOpen(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
        SqlReadModel first = openDatabase(directory);
        writeOldTimerTable(first);
        close(first);
        List<SqlReadModel> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add(openDatabase(directory));
        }
        ExecutorService threads = Executors.newFixedThreadPool(NODES);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SqlTimerStore>> opened = new ArrayList<>();
            for (SqlReadModel node : nodes) {
                opened.add(threads.submit(() -> {
                    go.await();
                    return new SqlTimerStore(node);
                }));
            }
            go.countDown();
            for (int i = 0; i < NODES; i++) {
                SqlTimerStore timers = opened.get(i).get(60, TimeUnit.SECONDS);
                Instant due = Instant.EPOCH.plusSeconds(i);
                assertThat(timers.schedule(Timer.of("t-" + i, "devices", due).withDeadline(due.plusSeconds(60)))).isTrue();
            }
            assertThat(opened.getFirst().get().pending("devices")).hasSize(NODES + 1)
                    .filteredOn(t -> t.timer().deadline() != null).hasSize(NODES);
        } finally {
            threads.shutdownNow();
            nodes.forEach(this::close);
        }
    }
}
