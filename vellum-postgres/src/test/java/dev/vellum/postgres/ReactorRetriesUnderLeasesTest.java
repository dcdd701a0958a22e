package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.worker.WorkerState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A leased reactor whose read-model connection breaks in the middle of storing a decision retries
 * the event on a new connection (the default {@code Retries}), keeps its lease, and carries the
 * effect out once.
 */
class ReactorRetriesUnderLeasesTest {

    private static final String LEASE = "reactor." + PgDeliveries.NAME;

    @Test
    void aBrokenReadModelConnectionIsRiddenOutAndTheEffectRunsOnce() throws Exception {
        String schema = TestDatabase.freshSchema();
        String read = schema + "_read";
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource pool = TestDatabase.dataSourceIn(read, 8);
                PostgresReadModel readModel = PostgresReadModel.open(pool);
                Leases leases = Leases.builder(store, pool).owner("a").timeToLive(Duration.ofSeconds(5)).open()) {
            PgDeliveries.createTable(pool);
            leases.run(PgDeliveries.reactor(pool, "a", Duration.ZERO), readModel);
            await("a holds the reactor's lease", () -> leases.held().contains(LEASE));
            RunningReactor running = leases.runningReactor(PgDeliveries.NAME).orElseThrow();
            store.append(StreamId.of("order-1"), ExpectedRevision.noStream(), PgDeliveries.ordered("o-1"));
            await("the first effect ran", () -> running.executedCount() == 1);

            try (Connection locker = TestDatabase.dataSource().getConnection()) {
                // hold the checkpoints so that the next decision waits on its connection, then break that connection;
                // SHARE mode takes no transaction id, which would hold back the log's visible head and the event with it
                locker.setAutoCommit(false);
                try (Statement st = locker.createStatement()) {
                    st.execute("LOCK TABLE " + read + ".vellum_projection_checkpoints IN SHARE MODE");
                }
                store.append(StreamId.of("order-2"), ExpectedRevision.noStream(), PgDeliveries.ordered("o-2"));
                await("the reactor's connection was broken", () -> terminateBlocked(locker) > 0);
                await("the failed attempt shows", () -> running.status().lastError() != null);
                assertThat(running.status().state()).isNotEqualTo(WorkerState.FAILED);
                locker.rollback();
            }

            await("the second effect ran", () -> running.executedCount() == 2);
            assertThat(running.awaitCheckpoint(store.head(), Duration.ofSeconds(10))).isTrue();
            assertThat(running.failure()).isEmpty();
            assertThat(running.status().state()).as("going on, not retrying").isIn(WorkerState.LIVE, WorkerState.CATCHING_UP);
            assertThat(leases.held()).contains(LEASE);
            await("the second outcome is recorded", () -> store.readStream(StreamId.of("order-2")).size() == 2);
            assertThat(store.readStream(StreamId.of("order-2")).stream().map(RecordedEvent::type))
                    .containsExactly("Ordered", "Delivered");
            try (Connection c = pool.getConnection()) {
                assertThat(PgDeliveries.deliveries(c, read)).as("two keys, one attempt each").containsExactly(2, 2);
            }
        }
    }

    /** Terminates the backends waiting for {@code locker}'s lock; how many. */
    private static int terminateBlocked(Connection locker) throws Exception {
        try (Statement st = locker.createStatement(); ResultSet me = st.executeQuery("SELECT pg_backend_pid()")) {
            me.next();
            try (PreparedStatement ps = locker.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE ? = ANY (pg_blocking_pids(pid))")) {
                ps.setInt(1, me.getInt(1));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        }
    }

    private static void await(String what, Check condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    /** A condition that may throw, for awaiting database state. */
    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }
}
