package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.postgres.RestartableServer.Shutdown;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.store.AppendNotStoredException;
import dev.vellum.store.AppendOutcomeUnknownException;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.StoreUnavailableException;
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
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19's restart test: PostgreSQL stopped under load, once by a fast shutdown for about 3 s and
 * once by an immediate one (crash recovery at the next start) for about 8 s, on the same data
 * directory and port, while four writers append, a live subscriber follows the log, a projection
 * builds a read model on {@link PostgresReadModel} and a reactor records one outcome per order.
 * During each outage appends fail typed (not stored, unavailable, or outcome unknown), within the
 * pools' 2 s wait for a connection; afterwards every worker resumes by itself, the subscriber sees
 * every committed event once, the read model equals a rebuild, every order has one outcome, every
 * acknowledged append is stored and no append that was answered "not stored" is.
 */
class PostgresRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Far beyond the 2 s connection wait: an append that takes longer is a hang. */
    private static final long HANG_MS = 20_000;

    private final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<UUID> notStored = ConcurrentHashMap.newKeySet();
    private final Queue<Append> unknown = new ConcurrentLinkedQueue<>();
    private final List<Throwable> wrong = new CopyOnWriteArrayList<>();
    private final AtomicLong longestAppendMs = new AtomicLong();
    private final AtomicInteger typedFailures = new AtomicInteger();

    private record Append(StreamId stream, ExpectedRevision expected, List<EventData> events) {
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void workersRideOutFastAndImmediateShutdownsUnderLoad() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger orders = new AtomicInteger();
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (RestartableServer server = RestartableServer.start();
                HikariDataSource readPool = pool(server, "read_model");
                HikariDataSource freshPool = pool(server, "fresh");
                PostgresEventStore store = PostgresEventStore.builder(server.jdbcUrl(), "postgres", null)
                        .connectionTimeout(Duration.ofSeconds(2)).open();
                PostgresReadModel readModel = PostgresReadModel.open(readPool);
                ProjectionRunner runner = ProjectionRunner.create(store)) {
            PgDeliveries.createTable(readPool);
            Subscription subscriber = store.subscribe(Position.START, LogFilter.all(), e -> seen.add(e.position().value()));
            RunningProjection projection = runner.start(PgStreamStats.projection(), readModel);
            RunningReactor reactor = PgDeliveries.reactor(readPool, "n", Duration.ZERO)
                    .start(store, readModel, new SqlTimerStore(readModel));
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; writing.get(); i++) {
                        if (i % 10 == 0) {
                            String order = writer + "-" + orders.incrementAndGet();
                            append(store, new Append(StreamId.of("order-" + order), ExpectedRevision.noStream(),
                                    List.of(PgDeliveries.ordered(order))));
                        } else {
                            List<EventData> batch = new ArrayList<>();
                            for (int j = 0; j < 5; j++) {
                                batch.add(EventData.of("Counted", "{\"n\":" + j + "}"));
                            }
                            append(store, new Append(StreamId.of("s-" + i % 50), ExpectedRevision.any(), batch));
                        }
                        LeaseInstances.sleep(5);
                    }
                }));
            }
            try {
                Thread.sleep(1_000);
                outage(server, Shutdown.FAST, Duration.ofSeconds(3), store, subscriber, projection, reactor);
                outage(server, Shutdown.IMMEDIATE, Duration.ofSeconds(8), store, subscriber, projection, reactor);
            } finally {
                writing.set(false);
                for (Thread t : writers) {
                    t.join();
                }
            }
            assertThat(wrong).as("appends answered with an untyped or wrong error").isEmpty();
            assertThat(typedFailures.get()).as("appends met the outages").isPositive();
            assertThat(longestAppendMs.get()).as("no append hung").isLessThan(HANG_MS);
            for (Append resend; (resend = unknown.poll()) != null; ) {
                store.append(resend.stream(), resend.expected(), resend.events()); // same ids: settles it
                resend.events().forEach(e -> acknowledged.add(e.id()));
            }

            List<UUID> stored = ids(server);
            assertThat(stored).as("every acknowledged append is stored").containsAll(acknowledged);
            assertThat(stored).as("nothing answered 'not stored' is").doesNotContainAnyElementsOf(notStored);
            assertThat(stored).as("nothing stored twice").doesNotHaveDuplicates();

            Position head = store.head();
            assertThat(projection.awaitCheckpoint(head, WAIT)).as("%s", projection.status()).isTrue();
            assertThat(reactor.awaitCheckpoint(head, WAIT)).as("%s %s", reactor.status().state(), reactor.failure()).isTrue();
            LeaseInstances.await("one outcome per order", () -> {
                List<Long> outcomes = outcomesPerOrder(server);
                return outcomes.stream().allMatch(n -> n == 1) && outcomes.size() == ordersStored(server);
            });
            Position end = store.head(); // now with the reactor's outcomes
            assertThat(subscriber.awaitPosition(end, WAIT)).as("%s %s", subscriber.state(), subscriber.failure()).isTrue();
            assertThat(seen).as("every committed event once, in order").containsExactlyElementsOf(positions(server));
            subscriber.close();
            reactor.close();

            try (PostgresReadModel fresh = PostgresReadModel.open(freshPool);
                    ProjectionRunner rebuild = ProjectionRunner.create(store)) {
                // both past the reactor's outcomes, which change the order streams' rows
                assertThat(rebuild.start(PgStreamStats.projection(), fresh).awaitCheckpoint(end, WAIT)).isTrue();
                assertThat(projection.awaitCheckpoint(end, WAIT)).isTrue();
                try (Connection a = readModel.openReader(); Connection b = fresh.openReader()) {
                    assertThat(PgStreamStats.rows(a)).isNotEmpty().containsExactlyElementsOf(PgStreamStats.rows(b));
                }
            }
            System.out.printf("PostgresRestartTest: %d appends failed typed, the longest append took %d ms%n",
                    typedFailures.get(), longestAppendMs.get());
        }
    }

    /** Stops the server, keeps it down for {@code down}, starts it again and waits for every worker. */
    private void outage(RestartableServer server, Shutdown mode, Duration down, PostgresEventStore store,
            Subscription subscriber, RunningProjection projection, RunningReactor reactor) throws Exception {
        int failuresBefore = typedFailures.get();
        server.stop(mode);
        Thread.sleep(down.toMillis());
        server.restart();
        long restarted = System.nanoTime();
        Position head = awaitAnAppend(store);
        assertThat(subscriber.awaitPosition(head, WAIT)).as("%s %s", subscriber.state(), subscriber.failure()).isTrue();
        assertThat(projection.awaitCheckpoint(head, WAIT)).as("%s", projection.status()).isTrue();
        assertThat(reactor.awaitCheckpoint(head, WAIT)).as("%s %s", reactor.status().state(), reactor.failure()).isTrue();
        System.out.printf("PostgresRestartTest: %s shutdown for %d s: %d appends failed typed; subscriber, "
                + "projection and reactor past the first append after the restart %d ms after it%n", mode,
                down.toSeconds(), typedFailures.get() - failuresBefore, (System.nanoTime() - restarted) / 1_000_000);
    }

    /** The head once a writer's append went through after the restart. */
    private Position awaitAnAppend(PostgresEventStore store) throws Exception {
        int before = acknowledged.size();
        LeaseInstances.await("an append after the restart", () -> acknowledged.size() > before);
        return store.head();
    }

    private void append(PostgresEventStore store, Append append) {
        long start = System.nanoTime();
        try {
            store.append(append.stream(), append.expected(), append.events());
            append.events().forEach(e -> acknowledged.add(e.id()));
        } catch (AppendOutcomeUnknownException e) {
            unknown.add(append);
            typedFailures.incrementAndGet();
        } catch (AppendNotStoredException | StoreUnavailableException e) {
            append.events().forEach(ev -> notStored.add(ev.id()));
            typedFailures.incrementAndGet();
        } catch (RuntimeException e) {
            wrong.add(e);
        } finally {
            longestAppendMs.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
        }
    }

    private static HikariDataSource pool(RestartableServer server, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl() + "&currentSchema=" + schema);
        config.setUsername("postgres");
        config.setMaximumPoolSize(6);
        config.setConnectionTimeout(2_000);
        config.setPoolName("vellum-restart-" + schema);
        return new HikariDataSource(config);
    }

    private static List<UUID> ids(RestartableServer server) throws Exception {
        List<UUID> ids = new ArrayList<>();
        query(server, "SELECT event_id FROM vellum.events ORDER BY position", rs -> ids.add(rs.getObject(1, UUID.class)));
        return ids;
    }

    private static List<Long> positions(RestartableServer server) throws Exception {
        List<Long> positions = new ArrayList<>();
        query(server, "SELECT position FROM vellum.events ORDER BY position", rs -> positions.add(rs.getLong(1)));
        return positions;
    }

    private static List<Long> outcomesPerOrder(RestartableServer server) throws Exception {
        List<Long> counts = new ArrayList<>();
        query(server, "SELECT count(*) FILTER (WHERE type IN ('Delivered', 'DeliveryFailed')) FROM vellum.events"
                + " WHERE stream LIKE 'order-%' GROUP BY stream", rs -> counts.add(rs.getLong(1)));
        return counts;
    }

    private static long ordersStored(RestartableServer server) throws Exception {
        List<Long> count = new ArrayList<>();
        query(server, "SELECT count(*) FROM vellum.events WHERE type = 'Ordered'", rs -> count.add(rs.getLong(1)));
        return count.getFirst();
    }

    private interface Row {
        void read(ResultSet rs) throws Exception;
    }

    private static void query(RestartableServer server, String sql, Row row) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                row.read(rs);
            }
        }
    }
}
