package dev.vellum.bench.postgres;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.OrderPlaced;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Workload;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalLong;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The peer of the PostgreSQL catch-up: Axon 4's {@code TrackingEventProcessor} (one thread, one
 * segment, a batch of {@value #BATCH} events per transaction as the projection's, its token in a
 * {@code JdbcTokenStore} of a fresh schema, from the tail) over the {@code EmbeddedEventStore} of
 * {@link AxonStack}, with an annotated event handler that inserts each event as a row of a fresh
 * {@code orders} table of the projection's shape through the batch's connection, so rows and token
 * commit together: one {@link ThreadBoundTransactions} transaction per batch, its connection the
 * one the token store and the handler are given ({@link UnitOfWorkTransactions} cannot serve here:
 * the processor starts its transaction before its unit of work, so every statement would
 * auto-commit). The events are read through the stack's own connections. The log of
 * {@code events} events is written before the clock starts; one operation is one whole catch-up,
 * over when the processor's position reaches the log's head.
 */
final class AxonCatchUp implements Workload {

    private static final int BATCH = 1_000;
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private final int events;

    /** @param events the log's size */
    AxonCatchUp(int events) {
        this.events = events;
    }

    @Override
    public String name() {
        return "peer Axon 4 TrackingEventProcessor";
    }

    @Override
    public boolean reportsLatency() {
        return false;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        AxonStack axon = AxonStack.open(false);
        for (int stream = 1; stream * BenchShape.BATCH <= events; stream++) {
            AxonPeer.appendAggregate(axon.engine(), OrderEvents.streamName(stream), BenchShape.BATCH);
        }
        long head = axon.engine().createHeadToken().position().orElseThrow();
        return Fixture.of(1, thread -> () -> catchUp(axon, head), axon.events()::shutDown);
    }

    private int catchUp(AxonStack axon, long head) throws Exception {
        String schema = PgServer.freshSchema();
        try (Connection c = PgServer.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
            st.execute("CREATE TABLE " + schema + ".orders (position INTEGER PRIMARY KEY, order_id TEXT NOT NULL,"
                    + " customer TEXT NOT NULL, amount TEXT NOT NULL, currency TEXT NOT NULL)");
        }
        ThreadBoundTransactions transactions = new ThreadBoundTransactions(PgServer.dataSource());
        JdbcTokenStore tokens = JdbcTokenStore.builder()
                .connectionProvider(transactions)
                .serializer(JacksonSerializer.defaultSerializer())
                .schema(TokenSchema.builder().setTokenTable(schema + ".token_entry").build())
                .build();
        tokens.createSchema(PostgresTokenTableFactory.INSTANCE);
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name("bench-orders")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers(new Rows(transactions, schema)).build())
                .messageSource(axon.events())
                .tokenStore(tokens)
                .transactionManager(transactions)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(BATCH))
                .build();
        processor.start();
        try {
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (position(processor) < head) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Axon's processor did not catch up: " + processor.processingStatus());
                }
                Thread.sleep(1);
            }
        } finally {
            processor.shutDown();
        }
        return events;
    }

    private static long position(TrackingEventProcessor processor) {
        EventTrackerStatus status = processor.processingStatus().get(0);
        OptionalLong position = status == null ? OptionalLong.empty() : status.getCurrentPosition();
        return position.orElse(-1);
    }

    /** The event handler: one row per order, through the batch transaction's connection. */
    public static final class Rows {
        private final ConnectionProvider connections;
        private final String insert;

        Rows(ConnectionProvider connections, String schema) {
            this.connections = connections;
            this.insert = "INSERT INTO " + schema + ".orders (order_id, customer, amount, currency, position)"
                    + " VALUES (?, ?, ?, ?, ?)";
        }

        /**
         * Inserts the order's row.
         *
         * @param order the event's payload
         * @param token where the event stands in the log
         */
        @EventHandler
        public void on(OrderPlaced order, TrackingToken token) throws SQLException {
            try (Connection c = connections.getConnection(); PreparedStatement st = c.prepareStatement(insert)) {
                st.setString(1, order.orderId());
                st.setString(2, order.customer());
                st.setString(3, order.amount().toPlainString());
                st.setString(4, order.currency());
                st.setLong(5, token.position().orElseThrow());
                st.executeUpdate();
            }
        }
    }
}
