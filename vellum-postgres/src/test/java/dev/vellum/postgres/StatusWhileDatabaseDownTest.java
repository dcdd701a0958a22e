package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.worker.WorkerStatus;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 6: with PostgreSQL down, a projection's status answers from memory at once (here
 * within a generous second, while the pools wait 5 s for a connection) and says since when the
 * store has not answered. A server of its own, stopped mid-test, so the shared one stays up.
 */
class StatusWhileDatabaseDownTest {

    private static final Duration ANSWER = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void statusAnswersAtOnceAndSaysSinceWhenTheStoreIsUnreachable() throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        try (HikariDataSource storePool = pool(server, "store"); HikariDataSource readPool = pool(server, "read");
                PostgresEventStore store = PostgresEventStore.open(storePool);
                PostgresReadModel readModel = PostgresReadModel.builder(readPool).schema("status_down").open();
                ProjectionRunner runner = ProjectionRunner.builder(store).stallAfter(Duration.ofMillis(500)).build()) {
            RunningProjection running = runner.start(Projection.builder("counts", SqlContext.class)
                    .setup(sql -> sql.createTable("counts", "(id int PRIMARY KEY, events bigint NOT NULL)"))
                    .handler((sql, e) -> sql.update("INSERT INTO {counts} (id, events) VALUES (1, 1)"
                            + " ON CONFLICT (id) DO UPDATE SET events = {counts}.events + 1"))
                    .build(), readModel);
            for (int i = 0; i < 3; i++) {
                store.append(StreamId.of("s-1"), ExpectedRevision.any(), EventData.of("Counted", "{}"));
            }
            assertThat(running.awaitCheckpoint(Position.of(3), WAIT)).as("%s", running.status()).isTrue();
            Instant lastAnswer = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            assertThat(running.status().storeUnreachableSince()).isNull(); // its read began after lastAnswer

            server.close(); // every connection of both pools dies; new ones are refused

            WorkerStatus down = withinASecond(running);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (down.storeUnreachableSince() == null && System.nanoTime() < deadline) {
                Thread.sleep(50);
                down = withinASecond(running);
            }
            assertThat(down.storeUnreachableSince()).as("%s", down).isNotNull()
                    .isAfterOrEqualTo(lastAnswer);
            assertThat(down.checkpoint()).isEqualTo(Position.of(3));
            assertThat(down.head()).as("as the store last answered").isEqualTo(Position.of(3));
            for (int i = 0; i < 5; i++) {
                assertThat(withinASecond(running).storeUnreachableSince()).isEqualTo(down.storeUnreachableSince());
            }
            storePool.close(); // what waits for a connection gives up now, so closing the rest is quick
            readPool.close();
        }
    }

    /** The status, which must come within {@link #ANSWER} while the database is down. */
    private static WorkerStatus withinASecond(RunningProjection running) throws Exception {
        try {
            return CompletableFuture.supplyAsync(running::status, r -> Thread.ofPlatform().daemon().start(r))
                    .get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("status() did not answer within " + ANSWER + " while PostgreSQL is down");
        }
    }

    /**
     * A pool that waits 5 s for a connection (HikariCP's default is 30 s): far longer than a status
     * may take, short enough that what waits on it at the end lets the test close soon.
     */
    private static HikariDataSource pool(EmbeddedPostgres server, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(6);
        config.setConnectionTimeout(5_000);
        config.setPoolName("vellum-down-" + name);
        return new HikariDataSource(config);
    }
}
