package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.postgres.RestartableServer.Shutdown;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.store.AppendNotStoredException;
import dev.vellum.store.AppendOutcomeUnknownException;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.StreamId;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19's restart under leases: two nodes in this JVM (each its own store, pools, {@link Leases}
 * with a 2 s ttl and worker registry) on one restartable PostgreSQL run a projection on
 * {@link PostgresReadModel}, a reactor with its outbox and a process manager with a durable timer,
 * while a writer appends. PostgreSQL is stopped fast twice: for 1 s (under the ttl) and for 5 s (over
 * it, so every lease lapses and both nodes race for it once the server is back). After each outage,
 * within a bound, each worker runs on exactly one node and is {@code STANDBY} on the other, none
 * {@code FAILED}, and each catches up by itself. In the end every round's timer fired once, every
 * order's outcome is recorded once, the read model equals a rebuild, and every acknowledged append is
 * in the log once.
 */
class LeasedRestartTest {

    private static final Duration TTL = Duration.ofSeconds(2);
    /** How long after an outage the workers have to settle on one node each and catch up. */
    private static final long RECOVERY_BOUND_MS = 20_000;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Set<String> LEASES = Set.of("stream-stats", "reactor." + PgDeliveries.NAME,
            "process." + PgRounds.NAME);

    private final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<UUID> notStored = ConcurrentHashMap.newKeySet();
    private final Queue<Append> unknown = new ConcurrentLinkedQueue<>();
    private final List<Throwable> wrong = new CopyOnWriteArrayList<>();

    private record Append(StreamId stream, ExpectedRevision expected, List<EventData> events) {
    }

    /** One node: its store, read-model pool, read model, registry and leases. */
    private record Node(PostgresEventStore store, HikariDataSource pool, PostgresReadModel readModel,
            WorkerRegistry registry, Leases leases) implements AutoCloseable {

        @Override
        public void close() {
            leases.close();
            registry.close();
            readModel.close();
            pool.close();
            store.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void leasedWorkersSettleOnOneNodeEachAndResumeAfterRestartsShorterAndLongerThanTheTtl() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        try (RestartableServer server = RestartableServer.start()) {
            schema(server, "read_model");
            try (Node a = node(server, "a"); Node b = node(server, "b")) {
                PgDeliveries.createTable(a.pool());
                for (Node n : List.of(a, b)) {
                    n.leases().run(PgStreamStats.projection(), n.readModel());
                    n.leases().run(PgDeliveries.reactor(n.pool(), n.leases().owner(), Duration.ZERO), n.readModel());
                    n.leases().run(PgRounds.process(Duration.ofMillis(500)), n.readModel(), PgRounds.router(n.store()));
                }
                Thread writer = Thread.ofPlatform().start(() -> {
                    for (int i = 0; writing.get(); i++) {
                        PostgresEventStore store = i % 2 == 0 ? a.store() : b.store();
                        switch (i % 3) {
                            case 0 -> append(store, new Append(StreamId.of("order-" + i), ExpectedRevision.noStream(),
                                    List.of(PgDeliveries.ordered("o-" + i))));
                            case 1 -> append(store, new Append(StreamId.of("ping", "r" + i), ExpectedRevision.noStream(),
                                    List.of(PgRounds.ping("r" + i))));
                            default -> append(store, new Append(StreamId.of("s-" + i % 20), ExpectedRevision.any(),
                                    List.of(EventData.of("Counted", "{}"), EventData.of("Counted", "{}"))));
                        }
                        LeaseInstances.sleep(10);
                    }
                });
                try {
                    awaitSettled(a, b, "at the start", System.nanoTime());
                    outage(server, Duration.ofSeconds(1), a, b);
                    outage(server, Duration.ofSeconds(5), a, b);
                } finally {
                    writing.set(false);
                    writer.join();
                }
                assertThat(wrong).as("appends answered with an untyped or wrong error").isEmpty();
                for (Append resend; (resend = unknown.poll()) != null; ) {
                    a.store().append(resend.stream(), resend.expected(), resend.events()); // same ids: settles it
                    resend.events().forEach(e -> acknowledged.add(e.id()));
                }
                List<UUID> stored = ids(server);
                assertThat(stored).as("every acknowledged append is stored").containsAll(acknowledged);
                assertThat(stored).as("nothing answered 'not stored' is").doesNotContainAnyElementsOf(notStored);
                assertThat(stored).as("nothing stored twice").doesNotHaveDuplicates();

                long orders = count(server, "SELECT count(*) FROM vellum.events WHERE type = 'Ordered'");
                long rounds = count(server, "SELECT count(*) FROM vellum.events WHERE type = 'Ping'");
                LeaseInstances.await("every order's outcome is recorded", () -> count(server,
                        "SELECT count(*) FROM vellum.events WHERE type IN ('Delivered', 'DeliveryFailed')") >= orders);
                LeaseInstances.await("every round closed", () -> count(server,
                        "SELECT count(*) FROM vellum.events WHERE type = 'Closed'") >= rounds);
                LeaseInstances.await("every timer and effect is done", () -> count(server,
                        "SELECT count(*) FROM read_model.vellum_timers WHERE state <> 'FIRED'") == 0);
                assertThat(count(server, "SELECT count(DISTINCT stream) FROM vellum.events WHERE type = 'Delivered'"))
                        .as("one outcome per order, each a success").isEqualTo(orders)
                        .isEqualTo(count(server, "SELECT count(*) FROM vellum.events WHERE type IN ('Delivered', 'DeliveryFailed')"));
                assertThat(count(server, "SELECT count(*) FROM read_model.deliveries")).as("every effect carried out")
                        .isEqualTo(orders);
                for (String type : List.of("Started", "Answered", "Closed", "Pong")) {
                    assertThat(count(server, "SELECT count(*) FROM vellum.events WHERE type = '" + type + "'"))
                            .as("one %s per round", type).isEqualTo(rounds)
                            .isEqualTo(count(server, "SELECT count(DISTINCT stream) FROM vellum.events WHERE type = '" + type + "'"));
                }
                assertThat(count(server, "SELECT count(*) FROM read_model.vellum_timers WHERE process LIKE '%"
                        + PgRounds.NAME + "'")).as("one timer per round").isEqualTo(rounds);
                assertSettled(a, b); // nothing moved or failed while the last effects and timers ran

                Position end = a.store().head();
                Node owner = a.leases().held().contains("stream-stats") ? a : b;
                assertThat(owner.leases().runningProjection("stream-stats").orElseThrow().awaitCheckpoint(end, WAIT))
                        .isTrue();
                schema(server, "fresh");
                try (HikariDataSource freshPool = pool(server, "fresh", "fresh");
                        PostgresReadModel fresh = PostgresReadModel.open(freshPool);
                        ProjectionRunner rebuild = ProjectionRunner.create(a.store())) {
                    assertThat(rebuild.start(PgStreamStats.projection(), fresh).awaitCheckpoint(end, WAIT)).isTrue();
                    try (Connection x = owner.readModel().openReader(); Connection y = fresh.openReader()) {
                        assertThat(PgStreamStats.rows(x)).as("the read model equals a rebuild").isNotEmpty()
                                .containsExactlyElementsOf(PgStreamStats.rows(y));
                    }
                }
                System.out.printf("LeasedRestartTest: %d orders, %d rounds, %d appends acknowledged%n", orders, rounds,
                        acknowledged.size());
            }
        }
    }

    /** Stops the server fast, keeps it down for {@code down}, starts it again and waits for the workers to settle. */
    private void outage(RestartableServer server, Duration down, Node a, Node b) throws Exception {
        server.stop(Shutdown.FAST);
        Thread.sleep(down.toMillis());
        server.restart();
        long restarted = System.nanoTime();
        int before = acknowledged.size();
        LeaseInstances.await("an append after the restart", () -> acknowledged.size() > before);
        long settledMs = awaitSettled(a, b, "after an outage of " + down.toSeconds() + " s", restarted);
        Position head = a.store().head();
        long deadline = restarted + TimeUnit.MILLISECONDS.toNanos(RECOVERY_BOUND_MS);
        for (String lease : LEASES) {
            Node owner = a.leases().held().contains(lease) ? a : b;
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            boolean caughtUp = switch (lease) {
                case "stream-stats" -> owner.leases().runningProjection(lease).orElseThrow().awaitCheckpoint(head, left);
                case String r when r.startsWith("reactor.") ->
                        owner.leases().runningReactor(PgDeliveries.NAME).orElseThrow().awaitCheckpoint(head, left);
                default -> owner.leases().runningProcess(PgRounds.NAME).orElseThrow().awaitCheckpoint(head, left);
            };
            assertThat(caughtUp).as("%s on %s caught up within the bound", lease, owner.leases().owner()).isTrue();
        }
        System.out.printf("LeasedRestartTest: outage of %d s (ttl %d s): every worker on one node from %d ms after the"
                + " restart on, each past the head (checked after a second settled) at %d ms%n", down.toSeconds(), TTL.toSeconds(), settledMs,
                (System.nanoTime() - restarted) / 1_000_000);
    }

    /**
     * Waits, up to the recovery bound, until every worker has run on exactly one node for a second
     * without a break (a lease the watchdog stops late, after the server came back, breaks it). Returns
     * how many milliseconds after {@code since} that second began.
     */
    private static long awaitSettled(Node a, Node b, String when, long since) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECOVERY_BOUND_MS);
        long settledAt = 0;
        while (settledAt == 0 || System.nanoTime() - settledAt < TimeUnit.SECONDS.toNanos(1)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Workers did not settle on one node each " + when + ": a " + states(a) + ", b "
                        + states(b));
            }
            if (!settled(a, b)) {
                settledAt = 0;
            } else if (settledAt == 0) {
                settledAt = System.nanoTime();
            }
            Thread.sleep(20);
        }
        return (settledAt - since) / 1_000_000;
    }

    private static void assertSettled(Node a, Node b) {
        assertThat(settled(a, b)).as("one owner per worker, a %s, b %s", states(a), states(b)).isTrue();
    }

    /**
     * Every lease held by exactly one node; its worker there neither STANDBY nor FAILED nor STOPPED,
     * and STANDBY on the other.
     */
    private static boolean settled(Node a, Node b) {
        Set<String> heldA = a.leases().held();
        Set<String> heldB = b.leases().held();
        if (heldA.size() + heldB.size() != LEASES.size() || !LEASES.containsAll(heldA) || !LEASES.containsAll(heldB)
                || heldA.stream().anyMatch(heldB::contains)) {
            return false;
        }
        List<WorkerStatus> onA = a.registry().statuses();
        List<WorkerStatus> onB = b.registry().statuses();
        if (onA.size() != LEASES.size() || onB.size() != LEASES.size()) {
            return false;
        }
        for (int i = 0; i < onA.size(); i++) {
            WorkerState x = onA.get(i).state();
            WorkerState y = onB.get(i).state();
            boolean oneRuns = (x == WorkerState.STANDBY) != (y == WorkerState.STANDBY);
            WorkerState running = x == WorkerState.STANDBY ? y : x;
            if (!oneRuns || running == WorkerState.FAILED || running == WorkerState.STOPPED) {
                return false;
            }
        }
        return true;
    }

    private static String states(Node n) {
        return n.leases().held() + " " + n.registry().statuses().stream().map(s -> s.name() + "=" + s.state()).toList();
    }

    private void append(PostgresEventStore store, Append append) {
        try {
            store.append(append.stream(), append.expected(), append.events());
            append.events().forEach(e -> acknowledged.add(e.id()));
        } catch (AppendOutcomeUnknownException e) {
            unknown.add(append);
        } catch (AppendNotStoredException | StoreUnavailableException e) {
            append.events().forEach(ev -> notStored.add(ev.id()));
        } catch (RuntimeException e) {
            wrong.add(e);
        }
    }

    private static Node node(RestartableServer server, String name) throws Exception {
        PostgresEventStore store = PostgresEventStore.builder(server.jdbcUrl(), "postgres", null)
                .connectionTimeout(Duration.ofSeconds(2)).open();
        HikariDataSource pool = pool(server, "read_model", name);
        PostgresReadModel readModel = PostgresReadModel.open(pool);
        WorkerRegistry registry = WorkerRegistry.open(store, name);
        Leases leases = Leases.builder(store, pool).owner(name).timeToLive(TTL).registry(registry).open();
        return new Node(store, pool, readModel, registry, leases);
    }

    private static void schema(RestartableServer server, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
    }

    private static HikariDataSource pool(RestartableServer server, String schema, String node) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl() + "&currentSchema=" + schema);
        config.setUsername("postgres");
        config.setMaximumPoolSize(8);
        config.setConnectionTimeout(2_000);
        config.setPoolName("vellum-leased-restart-" + node);
        return new HikariDataSource(config);
    }

    private static List<UUID> ids(RestartableServer server) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT event_id FROM vellum.events ORDER BY position")) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    private static long count(RestartableServer server, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
