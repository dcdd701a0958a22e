package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.process.RunningProcess;
import dev.vellum.reactor.InvalidReactorException;
import dev.vellum.reactor.Reactor;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.timer.sql.SqlTimerStore;
import dev.vellum.worker.WorkerState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Reactors and process managers under leases in one JVM: the fence refuses a former owner's
 * checkpoint and outbox writes, a former owner paused in an effect repeats that one alone, closing
 * hands a reactor over at once, and each kind's lease is named apart from the others.
 */
class ReactorLeasesTest {

    private static final String LEASE = "reactor." + PgDeliveries.NAME;

    @Test
    void aFormerOwnersNextCheckpointAndOutboxWriteIsRefusedAndWritesNothing() throws Exception {
        String schema = TestDatabase.freshSchema();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource pool = TestDatabase.dataSourceIn(schema + "_read", 8);
                PostgresReadModel readModel = PostgresReadModel.open(pool);
                // a long time to live: the next renewal (which would stop the reactor) comes after its next write
                Leases leases = Leases.builder(store, pool).owner("a").timeToLive(Duration.ofSeconds(20)).open()) {
            PgDeliveries.createTable(pool);
            leases.run(PgDeliveries.reactor(pool, "a", Duration.ZERO), readModel);
            awaitHeld(leases, Set.of(LEASE));
            RunningReactor running = leases.runningReactor(PgDeliveries.NAME).orElseThrow();
            store.append(StreamId.of("order-1"), ExpectedRevision.noStream(), PgDeliveries.ordered("o-1"));
            await("the first order's effect ran and left the outbox", () -> running.executedCount() == 1
                    && running.pendingEffects().isEmpty());
            long checkpoint = checkpoint(pool);
            assertThat(outboxRows(pool)).isEqualTo(1);

            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE vellum_leases SET owner = 'b', token = token + 1 WHERE name = '" + LEASE + "'");
            }
            store.append(StreamId.of("order-2"), ExpectedRevision.noStream(), PgDeliveries.ordered("o-2"));
            await("the former owner's reactor failed", () -> running.status().state() == WorkerState.FAILED);
            assertThat(running.failure()).get().isInstanceOf(LeaseLostException.class).asString()
                    .contains("lost the lease '" + LEASE + "'");
            assertThat(checkpoint(pool)).as("no checkpoint written after the take-over").isEqualTo(checkpoint);
            assertThat(outboxRows(pool)).as("no effect decided after the take-over").isEqualTo(1);
            try (Connection c = pool.getConnection()) {
                assertThat(PgDeliveries.deliveries(c, schema + "_read")).containsExactly(1, 1);
            }
            assertThatThrownBy(() -> running.cancelEffect("any")).as("the outbox refuses the former owner")
                    .isInstanceOf(LeaseLostException.class);
            assertThatThrownBy(() -> new SqlTimerStore(new FencedReadModel(readModel, LEASE, "a", 1, java.time.Duration.ofSeconds(10))))
                    .isInstanceOf(LeaseLostException.class);
        }
    }

    @Test
    void aFormerOwnerPausedInAnEffectRepeatsThatOneAloneAndItsOutcomeIsRecordedOnce() throws Exception {
        String schema = TestDatabase.freshSchema();
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource pool = TestDatabase.dataSourceIn(schema + "_read", 12);
                PostgresReadModel readModel = PostgresReadModel.open(pool);
                Leases a = Leases.builder(store, pool).owner("a").timeToLive(Duration.ofSeconds(20)).open();
                Leases b = Leases.builder(store, pool).owner("b").timeToLive(Duration.ofSeconds(2)).open()) {
            PgDeliveries.createTable(pool);
            a.run(PgDeliveries.reactor(pool, "a", effect -> {
                if (first.getAndSet(false)) { // a pauses in its first effect, after carrying it out
                    inFlight.countDown();
                    assertThat(resume.await(20, TimeUnit.SECONDS)).isTrue();
                }
            }), readModel);
            awaitHeld(a, Set.of(LEASE));
            b.run(PgDeliveries.reactor(pool, "b", Duration.ZERO), readModel);
            RunningReactor formerOwner = a.runningReactor(PgDeliveries.NAME).orElseThrow();
            store.append(StreamId.of("order-1"), ExpectedRevision.noStream(), PgDeliveries.ordered("o-1"));
            assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
            store.append(StreamId.of("order-2"), ExpectedRevision.noStream(), PgDeliveries.ordered("o-2"));
            assertThat(formerOwner.awaitCheckpoint(store.head(), Duration.ofSeconds(10))).as("a decided both").isTrue();

            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE vellum_leases SET owner = 'x', token = token + 1, expires_at = '-infinity'"
                        + " WHERE name = '" + LEASE + "'"); // a's lease ran out while it was paused
            }
            awaitHeld(b, Set.of(LEASE));
            await("b delivered both orders", () -> types(store, "order-1").contains("Delivered")
                    && types(store, "order-2").contains("Delivered"));
            resume.countDown();
            formerOwner.close(); // returns once a's paused effect finished

            assertThat(formerOwner.executedCount()).as("a finished the effect it was in, and nothing else").isEqualTo(1);
            assertThat(types(store, "order-1")).as("one outcome recorded").containsExactly("Ordered", "Delivered");
            assertThat(types(store, "order-2")).containsExactly("Ordered", "Delivered");
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT attempts, node FROM deliveries ORDER BY attempts")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1) + " " + rs.getString(2)).as("the second order, by b alone").isEqualTo("1 b");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1) + " " + rs.getString(2)).as("the first order: a's, and b's repeat").isEqualTo("2 a");
                assertThat(rs.next()).isFalse();
            }
            RunningReactor owner = b.runningReactor(PgDeliveries.NAME).orElseThrow();
            await("b's outbox closed both effects", () -> owner.pendingEffects().isEmpty());
        }
    }

    @Test
    void closingHandsTheReactorOverAtOnceAndEachOutcomeIsRecordedOnce() throws Exception {
        String schema = TestDatabase.freshSchema();
        Duration ttl = Duration.ofSeconds(2); // long enough that a busy machine does not move the lease before a.close()
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource pool = TestDatabase.dataSourceIn(schema + "_read", 10);
                PostgresReadModel readModel = PostgresReadModel.open(pool);
                Leases b = Leases.builder(store, pool).owner("b").timeToLive(ttl).open()) {
            PgDeliveries.createTable(pool);
            Leases a = Leases.builder(store, pool).owner("a").timeToLive(ttl).open();
            a.run(PgDeliveries.reactor(pool, "a", Duration.ZERO), readModel);
            awaitHeld(a, Set.of(LEASE));
            b.run(PgDeliveries.reactor(pool, "b", Duration.ZERO), readModel);
            store.append(StreamId.of("order-1"), ExpectedRevision.noStream(), PgDeliveries.ordered("o-1"));
            await("a delivered the first order", () -> types(store, "order-1").size() == 2);
            assertThat(b.held()).as("b waits while a renews").isEmpty();

            a.close(); // lets the lease go at once
            awaitHeld(b, Set.of(LEASE));
            store.append(StreamId.of("order-2"), ExpectedRevision.noStream(), PgDeliveries.ordered("o-2"));
            await("b delivered the second order", () -> types(store, "order-2").size() == 2);
            RunningReactor running = b.runningReactor(PgDeliveries.NAME).orElseThrow();
            await("b's outbox closed the effect", () -> running.pendingEffects().isEmpty());
            assertThat(running.executedCount()).as("b carried out only the new order's effect").isEqualTo(1);
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT node FROM deliveries ORDER BY node")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("a");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("b");
                assertThat(rs.next()).isFalse();
            }
            assertThat(types(store, "order-1")).containsExactly("Ordered", "Delivered");
        }
    }

    @Test
    void projectionsReactorsAndProcessesTakeLeasesNamedApart() throws Exception {
        String schema = TestDatabase.freshSchema();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource pool = TestDatabase.dataSourceIn(schema + "_read", 10);
                PostgresReadModel readModel = PostgresReadModel.open(pool);
                Leases leases = Leases.builder(store, pool).timeToLive(Duration.ofSeconds(5)).open()) {
            PgDeliveries.createTable(pool);
            Reactor<?> deliveries = PgDeliveries.reactor(pool, "a", Duration.ZERO);
            leases.run(PgStreamStats.projection(), readModel);
            leases.run(deliveries, readModel);
            leases.run(PgRounds.process(Duration.ofMillis(100)), readModel, PgRounds.router(store));
            awaitHeld(leases, Set.of("stream-stats", LEASE, "process." + PgRounds.NAME));
            assertThatThrownBy(() -> leases.run(deliveries, readModel)).isInstanceOf(InvalidReactorException.class)
                    .hasMessageContaining("already leased here");

            store.append(StreamId.of("ping", "r1"), ExpectedRevision.noStream(), PgRounds.ping("r1"));
            RunningProcess<?> rounds = leases.runningProcess(PgRounds.NAME).orElseThrow();
            await("the round closed through its durable timer", () -> "closed".equals(rounds.instance("r1").state()));
            await("the close timer is done", () -> rounds.pendingTimers().isEmpty());
            assertThat(leases.runningProjection("stream-stats").orElseThrow().awaitCheckpoint(store.head(),
                    Duration.ofSeconds(10))).isTrue();
            assertThat(leases.runningReactor(PgDeliveries.NAME)).isPresent();
            assertThat(leases.runningReactor("stream-stats")).isEmpty();
        }
    }

    private static void awaitHeld(Leases leases, Set<String> names) throws InterruptedException {
        await(leases.owner() + " holds " + names, () -> leases.held().equals(names));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    private static List<String> types(PostgresEventStore store, String stream) {
        return store.readStream(StreamId.of(stream)).stream().map(RecordedEvent::type).toList();
    }

    private static long checkpoint(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT position FROM vellum_projection_checkpoints WHERE projection = '"
                        + LEASE + "'")) {
            assertThat(rs.next()).as("the reactor has a checkpoint").isTrue();
            return rs.getLong(1);
        }
    }

    private static long outboxRows(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM vellum_timers")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
