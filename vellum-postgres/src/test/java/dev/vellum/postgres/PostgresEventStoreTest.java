package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;
import dev.vellum.store.WrongExpectedRevisionException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PostgreSQL-specific behaviour: group commit, the schema modes, appends in the caller's transaction. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresEventStoreTest {

    private static PostgresEventStore open(String schema) {
        return PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
    }

    @Test
    void concurrentSingleEventAppendsShareTransactions() throws Exception {
        try (PostgresEventStore store = open(TestDatabase.freshSchema())) {
            int appenders = 64;
            int each = 20;
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < appenders; t++) {
                StreamId stream = StreamId.of("order-" + t);
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int i = 0; i < each; i++) {
                        store.append(stream, ExpectedRevision.any(), EventData.of("OrderPlaced", "{}"));
                    }
                }));
            }
            long before = store.commits();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(store.head().value()).isEqualTo(appenders * each);
            assertThat(store.commits() - before).as("transactions for %d appends", appenders * each)
                    .isLessThan(appenders * each / 3);
        }
    }

    @Test
    void appendsStayExactWhenAnotherNodeMadeTheWritersRememberedStatesStale() {
        String schema = TestDatabase.freshSchema();
        StreamId stream = StreamId.of("order-1");
        EventData first = EventData.of("OrderPlaced", "{}");
        try (PostgresEventStore a = open(schema); PostgresEventStore b = open(schema)) {
            assertThat(a.append(stream, ExpectedRevision.noStream(), first).revision()).isZero();
            assertThat(b.append(stream, ExpectedRevision.exactly(0), EventData.of("OrderPaid", "{}")).revision())
                    .isEqualTo(1);
            // a remembers revision 0: each of these is decided on that, refused by the write, and decided again
            assertThat(a.append(stream, ExpectedRevision.any(), EventData.of("OrderShipped", "{}")).revision())
                    .isEqualTo(2);
            b.append(stream, ExpectedRevision.exactly(2), EventData.of("OrderClosed", "{}"));
            assertThatThrownBy(() -> a.append(stream, ExpectedRevision.exactly(2), EventData.of("Late", "{}")))
                    .isInstanceOfSatisfying(WrongExpectedRevisionException.class,
                            e -> assertThat(e.actualRevision()).isEqualTo(3));
            a.append(StreamId.of("order-2"), ExpectedRevision.noStream(), EventData.of("OrderPlaced", "{}"));
            assertThatThrownBy(() -> b.append(StreamId.of("order-2"), ExpectedRevision.noStream(),
                    EventData.of("OrderPlaced", "{}"))).isInstanceOf(WrongExpectedRevisionException.class);
            AppendResult resent = a.append(stream, ExpectedRevision.any(), first);
            assertThat(resent.revision()).as("a resend returns the original").isZero();
            assertThat(a.readStream(stream)).hasSize(4);
        }
    }

    @Test
    void validateModeRefusesAMissingSchemaAndAcceptsAMigratedOne() {
        String schema = TestDatabase.freshSchema();
        assertThatThrownBy(() -> PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema)
                .schemaMode(SchemaMode.VALIDATE).open())
                .isInstanceOf(SchemaValidationException.class)
                .hasMessageContaining("has no Vellum tables").hasMessageContaining("SchemaMode.MIGRATE");
        open(schema).close();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema)
                .schemaMode(SchemaMode.VALIDATE).open()) {
            assertThat(store.append(StreamId.of("order-1"), ExpectedRevision.noStream(), EventData.of("A", "{}"))
                    .revision()).isZero();
        }
    }

    @Test
    void aSchemaWrittenByANewerVellumIsRefusedInBothModes() throws Exception {
        String schema = TestDatabase.freshSchema();
        open(schema).close();
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO \"" + schema + "\".schema_version (version) VALUES (99)");
        }
        for (SchemaMode mode : SchemaMode.values()) {
            assertThatThrownBy(() -> PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema)
                    .schemaMode(mode).open())
                    .isInstanceOf(SchemaValidationException.class).hasMessageContaining("version 99")
                    .hasMessageContaining("newer Vellum");
        }
    }

    @Test
    void aRefusedAppendInTheCallersTransactionWritesNothingAndLeavesTheTransactionUsable() throws Exception {
        String schema = TestDatabase.freshSchema();
        try (PostgresEventStore store = open(schema); Connection c = TestDatabase.dataSource().getConnection()) {
            StreamId order = StreamId.of("order-1");
            store.append(order, ExpectedRevision.noStream(), EventData.of("OrderPlaced", "{}"));
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE \"" + schema + "\".read_model (id int)");
                st.execute("INSERT INTO \"" + schema + "\".read_model VALUES (1)");
            }
            assertThatThrownBy(() -> store.appendInTransaction(c, order, ExpectedRevision.noStream(),
                    EventData.of("OrderPlaced", "{}")))
                    .isInstanceOf(WrongExpectedRevisionException.class);
            AppendResult result = store.appendInTransaction(c, order, ExpectedRevision.exactly(0),
                    EventData.of("OrderPaid", "{}"));
            c.commit();
            assertThat(result.revision()).isEqualTo(1);
            assertThat(store.readStream(order)).hasSize(2);
            try (Statement st = c.createStatement();
                    var rs = st.executeQuery("SELECT count(*) FROM \"" + schema + "\".read_model")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the caller's own write committed with the append").isEqualTo(1);
            }
        }
    }

    @Test
    void anEventAppendedInTheCallersTransactionIsFoundByIdOnlyOnceItCommits() throws Exception {
        try (PostgresEventStore store = open(TestDatabase.freshSchema());
                Connection c = TestDatabase.dataSource().getConnection()) {
            c.setAutoCommit(false);
            EventData placed = EventData.of("OrderPlaced", "{}");
            store.appendInTransaction(c, StreamId.of("order-1"), ExpectedRevision.noStream(), placed);
            assertThat(store.readEvent(placed.id())).as("before the commit").isEmpty();
            c.commit();
            assertThat(store.readEvent(placed.id())).as("after the commit")
                    .contains(store.readStream(StreamId.of("order-1")).getFirst());
        }
    }

    @Test
    void anAppendInARolledBackTransactionLeavesNoTrace() throws Exception {
        try (PostgresEventStore store = open(TestDatabase.freshSchema());
                Connection c = TestDatabase.dataSource().getConnection()) {
            c.setAutoCommit(false);
            store.appendInTransaction(c, StreamId.of("order-1"), ExpectedRevision.noStream(), EventData.of("A", "{}"));
            c.rollback();
            assertThat(store.lag().committed().value()).isZero();
            assertThat(store.append(StreamId.of("order-1"), ExpectedRevision.noStream(), EventData.of("A", "{}"))
                    .revision()).isZero();
        }
    }

    @Test
    void appendingInTransactionNeedsAutoCommitOff() throws Exception {
        try (PostgresEventStore store = open(TestDatabase.freshSchema());
                Connection c = TestDatabase.dataSource().getConnection()) {
            c.setAutoCommit(true);
            assertThatThrownBy(() -> store.appendInTransaction(c, StreamId.of("order-1"), ExpectedRevision.any(),
                    EventData.of("A", "{}")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("setAutoCommit(false)");
        }
    }

    @Test
    void invalidSchemaNamesAreRefusedUpFront() {
        for (String name : new String[] {"", "1abc", "a-b", "a\"b", "x".repeat(51)}) {
            assertThatThrownBy(() -> PostgresEventStore.builder(TestDatabase.dataSource()).schema(name))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema name");
        }
    }

    @Test
    void aServerThatCannotBeReachedIsATypedErrorWhenTheStoreMakesItsOwnPool() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/app";
        assertThatThrownBy(() -> PostgresEventStore.builder(url, "app", "secret").connectionTimeout(Duration.ofSeconds(1))
                .open())
                .isExactlyInstanceOf(VellumException.class)
                .hasMessageContaining("Could not open the PostgreSQL event store 'vellum'")
                .hasMessageContaining(url)
                .hasMessageContaining("refused")
                .hasMessageContaining("Check the connection settings");
    }
}
