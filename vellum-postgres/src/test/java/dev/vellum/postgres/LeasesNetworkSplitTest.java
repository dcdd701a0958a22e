package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19's network split under {@link Leases}: node A reaches PostgreSQL through a
 * {@link SilentProxy}, node B directly; both run the same projection, A holding its lease. A's
 * network goes silent (no reset) while A is inside a fenced unit of work, for three times the lease's
 * time to live. B takes the projection over within the ttl and a few seconds; when A's network comes
 * back, what A had sent or still sends of that unit of work reaches a server that ended its session,
 * so none of it commits, and A does not take the lease back. The read model equals a rebuild row for
 * row and counts every event once.
 */
class LeasesNetworkSplitTest {

    private static final Duration TTL = Duration.ofSeconds(2);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aNodeCutOffSilentlyLosesItsLeaseAndCommitsNothingLateWhenItsNetworkReturns() throws Exception {
        String schema = TestDatabase.freshSchema();
        String readSchema = schema + "_read";
        AtomicBoolean appending = new AtomicBoolean(true);
        AtomicLong appended = new AtomicLong();
        try (SilentProxy proxy = SilentProxy.inFrontOf(TestDatabase.jdbcUrl());
                PostgresEventStore storeB = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource readB = TestDatabase.dataSourceIn(readSchema, 6);
                HikariDataSource freshPool = TestDatabase.dataSourceIn(schema + "_fresh", 4);
                PostgresEventStore storeA = PostgresEventStore.builder(proxy.url(TestDatabase.jdbcUrl()), "postgres", null)
                        .schema(schema).connectionTimeout(Duration.ofSeconds(1)).networkTimeout(Duration.ofSeconds(2))
                        .open();
                // as the README says for a read model's pool: a socket timeout, so no statement waits for ever
                HikariDataSource readA = TestDatabase.pool(proxy.url(TestDatabase.jdbcUrl())
                        + "&ApplicationName=node-a&socketTimeout=4", readSchema, 6);
                PostgresReadModel readModelA = PostgresReadModel.open(readA);
                PostgresReadModel readModelB = PostgresReadModel.open(readB);
                ProjectionRunner runnerA = ProjectionRunner.builder(storeA).batchSize(100).build();
                ProjectionRunner runnerB = ProjectionRunner.builder(storeB).batchSize(100).build();
                Leases a = Leases.builder(storeA, readA).owner("a").timeToLive(TTL).projectionRunner(runnerA).open();
                Leases b = Leases.builder(storeB, readB).owner("b").timeToLive(TTL).projectionRunner(runnerB).open()) {
            readA.setConnectionTimeout(2_000); // as the README says: a few seconds for a read model's pool
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; appending.get(); i++) {
                    List<EventData> batch = new ArrayList<>();
                    for (int j = 0; j < 10; j++) {
                        batch.add(EventData.of("Counted", "{\"n\":" + j + "}"));
                    }
                    storeB.append(StreamId.of("s-" + i % 50), ExpectedRevision.any(), batch);
                    appended.addAndGet(10);
                    LeaseInstances.sleep(5);
                }
            });
            try {
                a.run(PgStreamStats.projection(), readModelA);
                LeaseInstances.await("a holds the lease", () -> !a.held().isEmpty());
                assertThat(a.runningProjection("stream-stats").orElseThrow().awaitCheckpoint(storeB.head(),
                        Duration.ofSeconds(30))).as("a runs the projection").isTrue();
                b.run(PgStreamStats.projection(), readModelB);

                silenceInsideAFencedUnitOfWork(proxy);
                long silencedAt = System.nanoTime();
                LeaseInstances.await("b takes over", () -> !b.held().isEmpty());
                long takeOverMs = (System.nanoTime() - silencedAt) / 1_000_000;
                System.out.printf("b took over %d ms after a's network went silent%n", takeOverMs);
                assertThat(takeOverMs).as("take-over time").isLessThan(TTL.toMillis() + 3_000);
                assertThat(a.held()).as("a stopped its projection before the take-over").isEmpty();

                long healAt = silencedAt + 3 * TTL.toNanos();
                Thread.sleep(Math.max(0, (healAt - System.nanoTime()) / 1_000_000));
                proxy.restore();
                LeaseInstances.await("a's network works again", () -> {
                    try {
                        return storeA.head().value() > 0;
                    } catch (RuntimeException e) {
                        return false; // its pool makes its connections again
                    }
                });
                for (int tick = 0; tick < 2 * 4; tick++) { // two ttls: a's lease loop has run several times
                    Thread.sleep(TTL.toMillis() / 4);
                    assertThat(a.held()).as("a did not take the lease back").isEmpty();
                    assertThat(b.held()).as("b kept it").isNotEmpty();
                }
            } finally {
                appending.set(false);
                writer.join();
            }
            long head = LeaseInstances.lastPosition(schema);
            assertThat(b.runningProjection("stream-stats").orElseThrow().awaitCheckpoint(Position.of(head),
                    Duration.ofSeconds(30))).as("b caught up").isTrue();
            try (PostgresReadModel fresh = PostgresReadModel.open(freshPool);
                    ProjectionRunner rebuild = ProjectionRunner.create(storeB)) {
                assertThat(rebuild.start(PgStreamStats.projection(), fresh).awaitCheckpoint(Position.of(head),
                        Duration.ofSeconds(30))).isTrue();
                try (Connection x = readModelB.openReader(); Connection y = fresh.openReader()) {
                    assertThat(PgStreamStats.total(x)).as("every event counted once").isEqualTo(appended.get());
                    assertThat(PgStreamStats.rows(x)).hasSize(50).containsExactlyElementsOf(PgStreamStats.rows(y));
                }
            }
        }
    }

    /**
     * Silences the proxy at a moment when one of node A's sessions sits inside a fenced unit of work
     * (idle in a transaction that locks a lease row); lets it forward again and tries anew otherwise.
     */
    private static void silenceInsideAFencedUnitOfWork(SilentProxy proxy) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            proxy.silence();
            Thread.sleep(100);
            if (LeaseInstances.count("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid"
                    + " WHERE l.relation::regclass::text LIKE '%vellum_leases' AND l.granted"
                    + " AND s.state = 'idle in transaction' AND s.application_name = 'node-a'") > 0) {
                return;
            }
            proxy.restore();
            Thread.sleep(20 + attempt % 7);
        }
        throw new AssertionError("never caught node a inside a unit of work");
    }
}
