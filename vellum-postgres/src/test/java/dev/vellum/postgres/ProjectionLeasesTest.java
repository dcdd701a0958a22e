package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.worker.WorkerState;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Leases in one JVM: one owner at a time, a hand-over on close, and the fence that stops a former owner. */
class ProjectionLeasesTest {

    private static final Duration TTL = Duration.ofMillis(600);

    @Test
    void oneOfTwoInstancesRunsTheProjectionAndTheOtherTakesOverWhenItCloses() throws Exception {
        String schema = TestDatabase.freshSchema();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource pool = TestDatabase.dataSourceIn(schema + "_read", 8);
                PostgresReadModel readModel = PostgresReadModel.open(pool);
                Leases b = Leases.builder(store, pool).owner("b").timeToLive(TTL).open()) {
            store.append(StreamId.of("s-1"), ExpectedRevision.any(), EventData.of("Counted", "{}"));
            Leases a = Leases.builder(store, pool).owner("a").timeToLive(TTL).open();
            a.run(PgStreamStats.projection(), readModel);
            awaitHeld(a);
            b.run(PgStreamStats.projection(), readModel);
            Thread.sleep(3 * TTL.toMillis());
            assertThat(b.held()).as("b waits while a renews").isEmpty();
            assertThat(a.runningProjection("stream-stats").orElseThrow().awaitCheckpoint(store.head(), Duration.ofSeconds(10)))
                    .isTrue();

            a.close(); // lets the lease go at once
            awaitHeld(b);
            store.append(StreamId.of("s-1"), ExpectedRevision.any(), EventData.of("Counted", "{}"));
            assertThat(b.runningProjection("stream-stats").orElseThrow().awaitCheckpoint(store.head(), Duration.ofSeconds(10)))
                    .isTrue();
            try (Connection c = readModel.openReader()) {
                assertThat(PgStreamStats.total(c)).isEqualTo(2);
            }
        }
    }

    @Test
    void aFormerOwnerCannotCommitAfterAnotherTookTheLease() throws Exception {
        String schema = TestDatabase.freshSchema();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource pool = TestDatabase.dataSourceIn(schema + "_read", 8);
                PostgresReadModel readModel = PostgresReadModel.open(pool);
                ProjectionRunner runner = ProjectionRunner.create(store);
                // a long time to live: the next renewal (which would stop the projection) comes after the batch tried to commit
                Leases leases = Leases.builder(store, pool).projectionRunner(runner).owner("a")
                        .timeToLive(Duration.ofSeconds(20)).open()) {
            leases.run(PgStreamStats.projection(), readModel);
            awaitHeld(leases);
            RunningProjection running = leases.runningProjection("stream-stats").orElseThrow();
            store.append(StreamId.of("s-1"), ExpectedRevision.any(), EventData.of("Counted", "{}"));
            assertThat(running.awaitCheckpoint(store.head(), Duration.ofSeconds(10))).isTrue();

            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE vellum_leases SET owner = 'b', token = token + 1"); // b took over meanwhile
            }
            store.append(StreamId.of("s-1"), ExpectedRevision.any(), EventData.of("Counted", "{}"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (running.status().state() != WorkerState.FAILED && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(running.status().state()).isEqualTo(WorkerState.FAILED);
            assertThat(running.status().lastError().toString()).contains("lost the lease");
            try (Connection c = readModel.openReader()) {
                assertThat(PgStreamStats.total(c)).as("the former owner wrote nothing after the take-over").isEqualTo(1);
            }
            assertThatThrownBy(() -> new FencedReadModel(readModel, "stream-stats", "a", 1, java.time.Duration.ofSeconds(10))
                    .begin(PgStreamStats.projection().id())).isInstanceOf(LeaseLostException.class);
        }
    }

    private static void awaitHeld(Leases leases) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (leases.held().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(leases.held()).as("%s holds the lease", leases.owner()).containsExactly("stream-stats");
    }
}
