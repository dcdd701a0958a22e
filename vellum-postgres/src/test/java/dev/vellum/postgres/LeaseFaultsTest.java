package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.ErrorPolicy;
import dev.vellum.retry.Retries;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.worker.WorkerState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issues 19.2, 19.3, 19.4 and 19.5 in one JVM: a worker that fails gives its lease up; a node that
 * cannot renew in time stops its worker before the lease expires, also while that worker's start waits
 * for its read model (and keeps nothing that start returns late); a lease row held by a unit of work
 * in flight blocks neither the lease loop nor {@code held()}, and the lease taken after it is not born
 * expired. A start that throws an Error ends neither the loop nor the other leases.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LeaseFaultsTest {

    private static final String LEASE = "stream-stats";

    @Test
    void aWorkerThatFailsGivesItsLeaseUpAndAnotherInstanceRunsIt() throws Exception {
        Duration ttl = Duration.ofMillis(600);
        String schema = TestDatabase.freshSchema();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource pool = TestDatabase.dataSourceIn(schema + "_read", 8);
                PostgresReadModel readModel = PostgresReadModel.open(pool);
                Leases a = Leases.builder(store, pool).owner("a").timeToLive(ttl).open();
                Leases b = Leases.builder(store, pool).owner("b").timeToLive(ttl).open()) {
            // on a, the handler fails on every event, and the policy stops it at once
            a.run(PgStreamStats.projection(1, 1, event -> true, Retries.none(), ErrorPolicy.STOP),
                    readModel);
            await("a holds the lease", () -> held(a).contains(LEASE));
            b.run(PgStreamStats.projection(), readModel);
            store.append(StreamId.of("s-1"), ExpectedRevision.any(), EventData.of("Counted", "{}"));

            await("b took the lease over", () -> held(b).contains(LEASE));
            assertThat(held(a)).isEmpty();
            assertThat(b.runningProjection(LEASE).orElseThrow().awaitCheckpoint(store.head(), Duration.ofSeconds(10)))
                    .isTrue();
            try (Connection c = readModel.openReader()) {
                assertThat(PgStreamStats.total(c)).isEqualTo(1);
            }
        }
    }

    @Test
    void aNodeThatCannotRenewStopsItsWorkerBeforeTheLeaseExpiresAndTakesItAgainLater() throws Exception {
        Duration ttl = Duration.ofSeconds(2);
        String schema = TestDatabase.freshSchema();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource pool = TestDatabase.dataSourceIn(schema + "_read", 8);
                PostgresReadModel readModel = PostgresReadModel.open(pool)) {
            BlockableDataSource leasePath = new BlockableDataSource(pool);
            try (Leases a = Leases.builder(store, leasePath).owner("a").timeToLive(ttl).open()) {
                a.run(PgStreamStats.projection(), readModel);
                await("a holds the lease", () -> held(a).contains(LEASE));

                leasePath.block(true); // renewals now wait for a connection, as in an outage
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!held(a).isEmpty() && System.nanoTime() < deadline) { // held() answers from memory
                    Thread.sleep(5);
                }
                assertThat(held(a)).as("a stopped its worker by its own deadline").isEmpty();
                assertThat(secondsLeft(pool)).as("before the lease could expire on the server").isPositive();
                assertThat(a.runningProjection(LEASE)).isEmpty();

                leasePath.block(false);
                await("a takes the lease again once it can", () -> held(a).contains(LEASE));
                store.append(StreamId.of("s-1"), ExpectedRevision.any(), EventData.of("Counted", "{}"));
                assertThat(a.runningProjection(LEASE).orElseThrow().awaitCheckpoint(store.head(), Duration.ofSeconds(10)))
                        .isTrue();
            } finally {
                leasePath.block(false);
            }
        }
    }

    @Test
    void aStartThatWaitsForItsReadModelHoldsUpNeitherTheDeadlineNorTheTakeOver() throws Exception {
        Duration ttl = Duration.ofSeconds(2);
        String lease = "reactor." + PgDeliveries.NAME;
        String schema = TestDatabase.freshSchema();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource pool = TestDatabase.dataSourceIn(schema + "_read", 8)) {
            BlockableDataSource readPath = new BlockableDataSource(pool);
            PgDeliveries.createTable(pool);
            try (PostgresReadModel blockedModel = PostgresReadModel.open(readPath);
                    PostgresReadModel readModel = PostgresReadModel.open(pool);
                    Leases a = Leases.builder(store, pool).owner("a").timeToLive(ttl).open()) {
                readPath.block(true); // a's reactor, once a takes its lease, waits for a connection as it starts
                a.run(PgDeliveries.reactor(pool, "a", Duration.ZERO), blockedModel);
                await("a took the lease", () -> "a".equals(leaseOwner(pool, lease)));
                assertThat(held(a)).as("a does not show a lease whose worker has not started").isEmpty();
                try (Leases b = Leases.builder(store, pool).owner("b").timeToLive(ttl).open()) {
                    b.run(PgDeliveries.reactor(pool, "b", Duration.ZERO), readModel);
                    await("b took the lease once it expired", () -> held(b).contains(lease));
                    assertThat(held(a)).as("a shows no lease b holds, its start still waiting").isEmpty();

                    readPath.block(false); // a's start returns: under a lease lost meanwhile, so its work is stopped
                    store.append(StreamId.of("order-1"), ExpectedRevision.noStream(), PgDeliveries.ordered("o-1"));
                    await("b records the order's outcome", () -> LeaseInstances.count("SELECT count(*) FROM " + schema
                            + ".events WHERE type = 'Delivered'") == 1);
                    Thread.sleep(ttl.toMillis());
                    assertThat(held(a)).as("a runs nothing it started after it lost the lease").isEmpty();
                    assertThat(a.runningReactor(PgDeliveries.NAME)).isEmpty();
                    assertThat(held(b)).contains(lease);
                }
            } finally {
                readPath.block(false);
            }
        }
    }

    /**
     * A start that throws an {@link Error} (a class whose initialiser failed) must not end the lease loop,
     * a scheduled task that is never run again once it threw: the lease is let go and its start tried again,
     * and the other leases stay renewed.
     */
    @Test
    void aStartThatThrowsAnErrorEndsNeitherItsRetriesNorTheOtherLeases() throws Exception {
        Duration ttl = Duration.ofSeconds(1);
        String schema = TestDatabase.freshSchema();
        AtomicInteger starts = new AtomicInteger();
        try (HikariDataSource pool = TestDatabase.dataSourceIn(schema + "_read", 4);
                PostgresReadModel readModel = PostgresReadModel.open(pool);
                LeaseLoop loop = new LeaseLoop(pool, "a", ttl)) {
            loop.register("fine", readModel, fenced -> "running", work -> { }, work -> false);
            loop.register("broken", readModel, fenced -> {
                starts.incrementAndGet();
                throw new ExceptionInInitializerError("the read model's class failed to initialise (a test's fault)");
            }, work -> { }, work -> false);
            await("the broken start tried again and again", () -> starts.get() >= 4);
            assertThat(loop.held()).as("the other lease still renewed").containsExactly("fine");
        }
    }

    @Test
    void aLeaseRowHeldByAUnitOfWorkBlocksNobodyAndTheLeaseTakenAfterItIsNotBornExpired() throws Exception {
        rowHeldByAUnitOfWork("FOR KEY SHARE"); // as the fence holds it now
        rowHeldByAUnitOfWork("FOR SHARE"); // as it held it before: a take-over waits for either
    }

    private void rowHeldByAUnitOfWork(String lock) throws Exception {
        Duration ttl = Duration.ofSeconds(2);
        String schema = TestDatabase.freshSchema();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource pool = TestDatabase.dataSourceIn(schema + "_read", 8);
                PostgresReadModel readModel = PostgresReadModel.open(pool)) {
            try (Leases first = Leases.builder(store, pool).owner("old").timeToLive(ttl).open()) {
                // creates the lease table; the former owner's lease is expired below
            }
            try (Connection former = pool.getConnection(); Statement st = former.createStatement()) {
                st.executeUpdate("INSERT INTO vellum_leases VALUES ('" + LEASE + "', 'old', 7, clock_timestamp() - interval '1 second')");
                former.setAutoCommit(false);
                // the former owner's unit of work, still in flight: it holds the row as a fence does
                st.executeQuery("SELECT 1 FROM vellum_leases WHERE name = '" + LEASE + "' " + lock).close();
                try (Leases b = Leases.builder(store, pool).owner("b").timeToLive(ttl).open()) {
                    b.run(PgStreamStats.projection(), readModel);
                    Thread.sleep(2_500);
                    assertThat(held(b)).as("no take-over while the former owner's unit of work is in flight").isEmpty();

                    former.commit();
                    await("b takes the lease once the unit of work ended", () -> held(b).contains(LEASE));
                    assertThat(secondsLeft(pool)).as("the new lease lasts about a ttl from its grant")
                            .isGreaterThan(ttl.toMillis() / 2_000.0);
                    Thread.sleep(ttl.toMillis());
                    assertThat(held(b)).as("and is renewed, not lost at once").contains(LEASE);
                    assertThat(b.runningProjection(LEASE).orElseThrow().status().state())
                            .isNotEqualTo(WorkerState.FAILED);
                }
            }
        }
    }

    private static String leaseOwner(HikariDataSource pool, String lease) throws Exception {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT owner FROM vellum_leases WHERE name = '" + lease + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static double secondsLeft(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT extract(epoch FROM expires_at - clock_timestamp()) FROM vellum_leases"
                        + " WHERE name = '" + LEASE + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getDouble(1);
        }
    }

    /** What {@code leases} holds, asked on another thread: it must answer within a second, whatever the database does. */
    private static Set<String> held(Leases leases) throws Exception {
        return CompletableFuture.supplyAsync(leases::held).get(1, TimeUnit.SECONDS);
    }

    /** A condition that may throw. */
    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
