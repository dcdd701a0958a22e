package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.Subscription;
import dev.vellum.timer.sql.SqlTimerStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19.1 on PostgreSQL: under load, every connection to the database is terminated
 * ({@code pg_terminate_backend}) about three times a second for six seconds. A live subscriber, a
 * projection on {@link PostgresReadModel} and a reactor resume by themselves: the subscriber sees
 * every committed event once, in order; the read model equals a rebuild row for row; the reactor
 * reaches the head and records one outcome per order.
 */
class ConnectionKillTest {

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void workersRideOutConnectionsKilledUnderLoad() throws Exception {
        String schema = TestDatabase.freshSchema();
        String read = schema + "_read";
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger orders = new AtomicInteger();
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (HikariDataSource storePool = TestDatabase.pool(TestDatabase.jdbcUrl(), "public", 8);
                PostgresEventStore store = PostgresEventStore.builder(storePool).schema(schema).open();
                HikariDataSource readPool = TestDatabase.dataSourceIn(read, 8);
                HikariDataSource freshPool = TestDatabase.dataSourceIn(schema + "_fresh", 4);
                PostgresReadModel readModel = PostgresReadModel.open(readPool);
                ProjectionRunner runner = ProjectionRunner.create(store)) {
            PgDeliveries.createTable(readPool);
            Subscription subscriber = store.subscribe(Position.START, LogFilter.all(), e -> seen.add(e.position().value()));
            RunningProjection projection = runner.start(PgStreamStats.projection(), readModel);
            RunningReactor reactor = PgDeliveries.reactor(readPool, "n", Duration.ZERO)
                    .start(store, readModel, new SqlTimerStore(readModel));
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; writing.get(); i++) {
                        try {
                            if (i % 10 == 0) {
                                int order = orders.incrementAndGet();
                                store.append(StreamId.of("order-" + writer + "-" + order), ExpectedRevision.noStream(),
                                        PgDeliveries.ordered(writer + "-" + order));
                            } else {
                                List<EventData> batch = new ArrayList<>();
                                for (int j = 0; j < 5; j++) {
                                    batch.add(EventData.of("Counted", "{\"n\":" + j + "}"));
                                }
                                store.append(StreamId.of("s-" + i % 50), ExpectedRevision.any(), batch);
                            }
                        } catch (RuntimeException e) {
                            // cut off by a kill: stored or not, the checks below read what the database holds
                        }
                        LeaseInstances.sleep(5);
                    }
                }));
            }
            try {
                Thread.sleep(1_000);
                int killed = killEveryConnection(Duration.ofSeconds(6), Duration.ofMillis(300));
                System.out.printf("terminated %d backends%n", killed);
                Thread.sleep(500);
            } finally {
                writing.set(false);
                for (Thread t : writers) {
                    t.join();
                }
            }
            List<Long> committed = positions(schema);
            Position head = Position.of(committed.getLast());
            long resumed = System.nanoTime();
            assertThat(subscriber.awaitPosition(head, Duration.ofSeconds(60)))
                    .as("the subscriber resumed: %s %s", subscriber.state(), subscriber.failure()).isTrue();
            assertThat(projection.awaitCheckpoint(head, Duration.ofSeconds(60)))
                    .as("the projection resumed: %s", projection.status()).isTrue();
            assertThat(reactor.awaitCheckpoint(head, Duration.ofSeconds(60)))
                    .as("the reactor resumed: %s %s", reactor.status().state(), reactor.failure()).isTrue();
            System.out.printf("every worker at the head %d ms after the kills stopped%n",
                    (System.nanoTime() - resumed) / 1_000_000);

            LeaseInstances.await("one outcome per order", () -> outcomesPerOrder(schema).stream().allMatch(n -> n == 1)
                    && outcomesPerOrder(schema).size() == ordersStored(schema));
            List<Long> all = positions(schema); // now with the reactor's outcomes
            assertThat(subscriber.awaitPosition(Position.of(all.getLast()), Duration.ofSeconds(30))).isTrue();
            assertThat(seen).as("every committed event once, in order").containsExactlyElementsOf(all);
            subscriber.close();
            reactor.close();

            try (PostgresReadModel fresh = PostgresReadModel.open(freshPool); ProjectionRunner rebuild = ProjectionRunner.create(store)) {
                Position end = Position.of(all.getLast()); // both past the reactor's outcomes, which change rows
                assertThat(rebuild.start(PgStreamStats.projection(), fresh).awaitCheckpoint(end, Duration.ofSeconds(30)))
                        .isTrue();
                assertThat(projection.awaitCheckpoint(end, Duration.ofSeconds(30))).isTrue();
                try (Connection a = readModel.openReader(); Connection b = fresh.openReader()) {
                    assertThat(PgStreamStats.rows(a)).isNotEmpty().containsExactlyElementsOf(PgStreamStats.rows(b));
                }
            }
        }
    }

    /**
     * Item 2 of what was left of issue 19: every backend of the store's own pool is terminated while
     * its connections sit idle in the pool, the database itself fine. The next read and the next append
     * are answered, not failed: the store sees that the server ended a pooled connection before it
     * sends anything on it, and takes another. Done at once after the kills, inside HikariCP's 500 ms
     * in which it hands an idle connection out without checking it.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theCallAfterEveryPooledConnectionWasTerminatedIsAnswered() throws Exception {
        String schema = TestDatabase.freshSchema();
        String url = TestDatabase.jdbcUrl() + "&ApplicationName=" + schema;
        StreamId stream = StreamId.of("order-1");
        try (PostgresEventStore store = PostgresEventStore.builder(url, "postgres", null).schema(schema).open()) {
            // the pool fills in the background after the store opens; in a warm JVM the first round can come first
            LeaseInstances.await("the pool opened several connections", () -> LeaseInstances.count(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + schema + "'") > 1);
            for (int round = 0; round < 3; round++) {
                List<Thread> readers = new ArrayList<>();
                for (int i = 0; i < 6; i++) { // several connections in the pool, each used a moment ago
                    readers.add(Thread.ofPlatform().start(() -> store.readStream(stream)));
                }
                store.append(stream, ExpectedRevision.any(), EventData.of("OrderChanged", "{}"));
                for (Thread t : readers) {
                    t.join();
                }
                // usually several; on a loaded machine the readers may have shared one connection
                assertThat(terminate(schema)).as("backends terminated").isPositive();

                assertThat(store.readStream(stream)).as("the read after the kills").hasSize(2 * round + 1);
                assertThat(store.append(stream, ExpectedRevision.any(), EventData.of("OrderChanged", "{}")).revision())
                        .as("the append after the kills").isEqualTo(2L * round + 1);
            }
        }
    }

    /** Terminates the backends of application {@code name} and waits until they exited; how many there were. */
    private static int terminate(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl()); Statement st = c.createStatement()) {
            List<Integer> pids = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("WITH victims AS MATERIALIZED (SELECT pid FROM pg_stat_activity"
                    + " WHERE application_name = '" + name + "') SELECT pid FROM victims WHERE pg_terminate_backend(pid)")) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
            String list = pids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("0");
            LeaseInstances.await("the terminated backends exited", () -> {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid IN (" + list + ")")) {
                    rs.next();
                    return rs.getInt(1) == 0;
                }
            });
            return pids.size();
        }
    }

    /** Terminates every other client connection to the database every {@code every}, for {@code during}. */
    private static int killEveryConnection(Duration during, Duration every) throws Exception {
        int killed = 0;
        long end = System.nanoTime() + during.toNanos();
        try (Connection killer = DriverManager.getConnection(TestDatabase.jdbcUrl()); Statement st = killer.createStatement()) {
            while (System.nanoTime() < end) {
                try (ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                        + " AND datname = current_database()")) {
                    rs.next();
                    killed += rs.getInt(1);
                }
                Thread.sleep(every.toMillis());
            }
        }
        return killed;
    }

    private static List<Long> positions(String schema) throws Exception {
        List<Long> positions = new ArrayList<>();
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT position FROM " + schema + ".events ORDER BY position")) {
            while (rs.next()) {
                positions.add(rs.getLong(1));
            }
        }
        return positions;
    }

    /** For each order stream, how many outcome events it has. */
    private static List<Long> outcomesPerOrder(String schema) throws Exception {
        List<Long> counts = new ArrayList<>();
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE type IN ('Delivered', 'DeliveryFailed'))"
                        + " FROM " + schema + ".events WHERE stream LIKE 'order-%' GROUP BY stream")) {
            while (rs.next()) {
                counts.add(rs.getLong(1));
            }
        }
        return counts;
    }

    private static long ordersStored(String schema) throws Exception {
        return LeaseInstances.count("SELECT count(*) FROM " + schema + ".events WHERE type = 'Ordered'");
    }
}
