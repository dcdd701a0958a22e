package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.process.CommandRouter;
import dev.vellum.process.ProcessManager;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.reactor.PendingEffect;
import dev.vellum.reactor.Reactor;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The code samples of README.md, compiled and run so they cannot rot. Keep both in step. */
class ReadmeExampleTest {

    @Test
    void openWithOwnPool() {
        String jdbcUrl = TestDatabase.jdbcUrl();
        try (PostgresEventStore store = PostgresEventStore.builder(jdbcUrl, "postgres", "")
                .schema("shop_" + TestDatabase.freshSchema())   // default: vellum
                .open()) {
            AppendResult placed = store.append(StreamId.of("order-42"), ExpectedRevision.noStream(),
                    EventData.of("OrderPlaced", "{\"total\":42}"));
            List<RecordedEvent> order = store.readStream(StreamId.of("order-42"));

            assertThat(placed.revision()).isZero();
            assertThat(order).extracting(RecordedEvent::data).containsExactly("{\"total\":42}");
            assertThat(store.lag().isCaughtUp()).isTrue();
        }
    }

    @Test
    void appendInYourTransaction() throws Exception {
        DataSource dataSource = TestDatabase.dataSource();
        try (PostgresEventStore store = PostgresEventStore.builder(dataSource)
                .schema(TestDatabase.freshSchema()).schemaMode(SchemaMode.MIGRATE).writers(2).open();
                Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // ... update your own tables on c ...
            store.appendInTransaction(c, StreamId.of("order-42"), ExpectedRevision.noStream(),
                    EventData.of("OrderPlaced", "{\"total\":42}"));
            c.commit();   // the events and your rows commit together

            assertThat(store.readStream(StreamId.of("order-42"))).hasSize(1);
        }
    }

    @Test
    void readModelsAndLeases() throws Exception {
        String schema = TestDatabase.freshSchema();
        Projection<SqlContext> orderSummary = PgStreamStats.projection();
        try (HikariDataSource readModelDataSource = TestDatabase.dataSourceIn(schema + "_read", 6);
                PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open()) {
            store.append(StreamId.of("order-42"), ExpectedRevision.noStream(), EventData.of("OrderPlaced", "{}"));

            try (PostgresReadModel readModel = PostgresReadModel.builder(readModelDataSource)
                            .schema(schema + "_models")           // default: the connections' current schema
                            .open();
                    ProjectionRunner runner = ProjectionRunner.create(store)) {
                runner.start(orderSummary, readModel).awaitCheckpoint(store.head(), Duration.ofSeconds(10));
                DataSource readers = readModel.readers();         // for plain JDBC, jdbi, jOOQ, Spring's JdbcClient
                try (Connection c = readers.getConnection()) { /* SELECT * FROM order_summary */
                    assertThat(PgStreamStats.total(c)).isEqualTo(1);
                }
            }

            try (PostgresReadModel readModel = PostgresReadModel.open(readModelDataSource);
                    Leases leases = Leases.builder(store, readModelDataSource)
                            .timeToLive(Duration.ofSeconds(10)).open()) {
                leases.run(orderSummary, readModel);   // on every instance
                store.append(StreamId.of("order-42"), ExpectedRevision.exactly(0), EventData.of("OrderPaid", "{}"));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (leases.runningProjection("stream-stats").isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(leases.runningProjection("stream-stats").orElseThrow()
                        .awaitCheckpoint(store.head(), Duration.ofSeconds(10))).isTrue();
                try (Connection c = readModel.openReader()) {
                    assertThat(PgStreamStats.total(c)).isEqualTo(2);
                }
            }
        }
    }

    @Test
    void leasedReactorsAndProcesses() throws Exception {
        String schema = TestDatabase.freshSchema();
        try (HikariDataSource readModelDataSource = TestDatabase.dataSourceIn(schema + "_read", 8);
                PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                PostgresReadModel readModel = PostgresReadModel.open(readModelDataSource)) {
            PgDeliveries.createTable(readModelDataSource);
            Reactor<?> deliveries = PgDeliveries.reactor(readModelDataSource, "readme", Duration.ZERO);
            ProcessManager<String, ?> rounds = PgRounds.process(Duration.ofMillis(100));
            CommandRouter router = PgRounds.router(store);
            store.append(StreamId.of("order-42"), ExpectedRevision.noStream(), PgDeliveries.ordered("42"));
            store.append(StreamId.of("ping", "r1"), ExpectedRevision.noStream(), PgRounds.ping("r1"));

            try (Leases leases = Leases.builder(store, readModelDataSource).open()) {
                leases.run(deliveries, readModel);            // lease reactor.deliveries
                leases.run(rounds, readModel, router);        // lease process.rounds
                List<PendingEffect> waiting = leases.runningReactor("deliveries")   // on the owning instance
                        .map(RunningReactor::pendingEffects).orElse(List.of());

                assertThat(waiting).hasSizeLessThanOrEqualTo(1);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while ((types(store, "order-42").size() < 2 || types(store, "rounds-r1").size() < 3)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(types(store, "order-42")).containsExactly("Ordered", "Delivered");
                assertThat(types(store, "rounds-r1")).containsExactly("Started", "Answered", "Closed");
            }
        }
    }

    /** The types of the events of {@code stream}, none while it does not exist yet. */
    private static List<String> types(PostgresEventStore store, String stream) {
        try {
            return store.readStream(StreamId.of(stream)).stream().map(RecordedEvent::type).toList();
        } catch (StreamNotFoundException e) {
            return List.of();
        }
    }
}
