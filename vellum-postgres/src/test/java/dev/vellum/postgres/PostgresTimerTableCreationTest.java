package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.timer.Timer;
import dev.vellum.timer.sql.SqlTimerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several nodes starting at once each create the timer table when missing: on PostgreSQL two
 * concurrent {@code CREATE TABLE IF NOT EXISTS} can collide in the catalog (a unique violation on
 * {@code pg_type}). Every one of them must open, in every round, on a schema that has no table yet.
 */
class PostgresTimerTableCreationTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 5;

    @Test
    void manyInstancesCreatingTheTimerTableAtOnceAllOpen() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                try (HikariDataSource pool = TestDatabase.dataSourceIn(TestDatabase.freshSchema() + "_timers", THREADS + 1);
                        PostgresReadModel readModel = PostgresReadModel.open(pool)) {
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<SqlTimerStore>> opened = new ArrayList<>();
                    for (int i = 0; i < THREADS; i++) {
                        opened.add(threads.submit(() -> {
                            go.await();
                            return new SqlTimerStore(readModel);
                        }));
                    }
                    go.countDown();
                    for (int i = 0; i < THREADS; i++) {
                        SqlTimerStore timers = opened.get(i).get(30, TimeUnit.SECONDS);
                        assertThat(timers.schedule(Timer.of("t-" + i, "devices", Instant.EPOCH))).isTrue();
                    }
                    assertThat(opened.getFirst().get().pending("devices")).hasSize(THREADS);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
