package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.AppendNotStoredException;
import dev.vellum.store.AppendOutcomeUnknownException;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.StreamId;
import dev.vellum.time.TransientFailure;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an append answers when the database cannot be reached or a connection dies under it
 * (issue 19, item 7), or its writer meets something unforeseen: typed, never wrong, never a hang. Each test runs the store on a login role of its own, so
 * that its connections can be refused ({@code CONNECTION LIMIT 0}) or killed
 * ({@code pg_terminate_backend}) without touching anyone else's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WriteOutcomesUnderFaultsTest {

    private static final AtomicInteger ROLES = new AtomicInteger();

    /** A login role that may create the store's schema; its name. */
    private static String role() throws SQLException {
        String role = "writer_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        admin("CREATE ROLE " + role + " LOGIN PASSWORD 'pw'", "GRANT CREATE ON DATABASE postgres TO " + role);
        return role;
    }

    private static void admin(String... statements) throws SQLException {
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private static int terminate(String role, String onlyRunning) throws SQLException {
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '"
                        + role + "'" + onlyRunning)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static PostgresEventStore open(String role, Duration connectionTimeout) {
        String url = TestDatabase.jdbcUrl().replaceFirst("[?&]user=[^&]*", ""); // the URL's user would win over ours
        return PostgresEventStore.builder(url, role, "pw").schema(role)
                .connectionTimeout(connectionTimeout).open();
    }

    @Test
    void anAppendThatGetsNoConnectionFailsAsUnavailableWithinTheBoundAndStoresNothing() throws Exception {
        String role = role();
        StreamId stream = StreamId.of("order-1");
        try (PostgresEventStore store = open(role, Duration.ofSeconds(1))) {
            store.append(stream, ExpectedRevision.noStream(), EventData.of("OrderPlaced", "{}"));
            admin("ALTER ROLE " + role + " CONNECTION LIMIT 0");
            terminate(role, "");
            Thread.sleep(1_000); // past the pool's 500 ms without a check, so a dead connection is found out before use

            EventData paid = EventData.of("OrderPaid", "{}");
            long started = System.nanoTime();
            assertThatThrownBy(() -> store.append(stream, ExpectedRevision.any(), paid))
                    .isInstanceOfAny(StoreUnavailableException.class, AppendNotStoredException.class)
                    .satisfies(e -> assertThat(TransientFailure.isIn(e)).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("bounded by connectionTimeout (1 s), far below HikariCP's default 30 s")
                    .isLessThan(Duration.ofSeconds(10));

            admin("ALTER ROLE " + role + " CONNECTION LIMIT -1");
            assertThat(readOnceReachable(store, paid)).as("nothing was stored").isEmpty();
            assertThat(store.append(stream, ExpectedRevision.any(), paid).revision()).isEqualTo(1);
        }
    }

    /**
     * Reads the event once the pool has a connection again: after the limit is lifted the pool makes
     * its connections in the background, which on a loaded machine can take longer than its 1 s wait.
     */
    private static Optional<RecordedEvent> readOnceReachable(PostgresEventStore store,
            EventData event) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return store.readEvent(event.id());
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Runs a check once the pool's connections are sound again: a backend terminated while a
     * statement of the store was in flight fails that call with a typed transient error, which the
     * contract says to retry (one terminated while idle in the pool is dropped before use).
     */
    private static <T> T afterKills(java.util.function.Supplier<T> call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!TransientFailure.isIn(e) || attempt == 20) { // a resend with the same ids is safe whatever it met
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void anUnforeseenErrorInTheWriterFailsItsBatchAndTheWriterGoesOn() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        DataSource pool = TestDatabase.dataSource();
        DataSource flaky = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (broken.get() && method.getName().equals("getConnection")
                            && Thread.currentThread().getName().startsWith("vellum-postgres-writer")) {
                        throw new LinkageError("a class that does not match the one compiled against");
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        StreamId stream = StreamId.of("order-1");
        try (PostgresEventStore store = PostgresEventStore.builder(flaky).schema(TestDatabase.freshSchema()).open()) {
            broken.set(true);
            EventData placed = EventData.of("OrderPlaced", "{}");
            assertThat(store.appendAsync(stream, ExpectedRevision.noStream(), List.of(placed)))
                    .failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(AppendOutcomeUnknownException.class);
            broken.set(false);
            assertThat(store.append(stream, ExpectedRevision.noStream(), placed).revision())
                    .as("the writer is still there; the resend settles it").isZero();
        }
    }

    @Test
    void connectionsKilledDuringCommitsGiveADefiniteAnswerOrOutcomeUnknownAndAResendSettlesIt() throws Exception {
        String role = role();
        int appenders = 6;
        int most = 2_000; // per appender: they stop once a few writes were cut off, or at this many
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<EventData, Object> outcomes = new ConcurrentHashMap<>(); // an AppendResult or the exception
        Map<EventData, StreamId> streams = new ConcurrentHashMap<>();
        AtomicBoolean killing = new AtomicBoolean(true);
        AtomicInteger killed = new AtomicInteger();
        try (PostgresEventStore store = open(role, Duration.ofSeconds(2))) {
            Thread killer = Thread.ofPlatform().start(() -> {
                while (killing.get()) {
                    try {
                        killed.addAndGet(terminate(role, " AND state = 'active' AND query LIKE '%write_batch%'"));
                        Thread.sleep(5);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < appenders; t++) {
                StreamId stream = StreamId.of("order-" + t);
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < most && killed.get() < 5 && System.nanoTime() < deadline; i++) {
                        EventData event = EventData.of("OrderChanged", "{\"i\":" + i + "}");
                        streams.put(event, stream);
                        try {
                            outcomes.put(event, store.append(stream, ExpectedRevision.any(), event));
                        } catch (RuntimeException e) {
                            outcomes.put(event, e);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            killing.set(false);
            killer.join();

            assertThat(killed.get()).as("backends killed while writing").isPositive();
            // a batch whose session the server ended is run again and usually answered (PgWriter.execute), so
            // the cut-off appends may all have been answered; what did fail must have failed typed
            List<Object> failures = outcomes.values().stream().filter(o -> o instanceof RuntimeException).toList();
            assertThat(failures).as("appends cut off").allSatisfy(e -> assertThat(e)
                    .isInstanceOfAny(AppendOutcomeUnknownException.class, AppendNotStoredException.class,
                            StoreUnavailableException.class));
            for (Map.Entry<EventData, Object> o : outcomes.entrySet()) {
                EventData event = o.getKey();
                switch (o.getValue()) {
                    case AppendResult r -> assertThat(afterKills(() -> store.readEvent(event.id()))).as("acknowledged")
                            .hasValueSatisfying(e -> assertThat(e.position()).isEqualTo(r.position()));
                    case AppendOutcomeUnknownException unknown -> {
                        AppendResult resent = afterKills(() -> store.append(streams.get(event), ExpectedRevision.any(), event));
                        assertThat(afterKills(() -> store.readEvent(event.id()))).as("settled by the resend")
                                .hasValueSatisfying(e -> assertThat(e.position()).isEqualTo(resent.position()));
                    }
                    default -> assertThat(afterKills(() -> store.readEvent(event.id())))
                            .as("said not stored: %s", o.getValue()).isEmpty();
                }
            }
            for (int t = 0; t < appenders; t++) {
                List<java.util.UUID> ids = store.readStream(StreamId.of("order-" + t)).stream()
                        .map(dev.vellum.store.RecordedEvent::id).toList();
                assertThat(ids).as("each event stored once at most").doesNotHaveDuplicates();
            }
        }
    }
}
