package dev.vellum.bench.postgres;

import dev.vellum.bench.BenchShape;
import dev.vellum.bench.Blackhole;
import dev.vellum.bench.Fixture;
import dev.vellum.bench.Operation;
import dev.vellum.bench.Workload;
import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.OrderPlaced;
import dev.vellum.bench.order.StreamCursor;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The peer of the PostgreSQL rows (issue 5): Axon Framework 4's {@code JdbcEventStorageEngine} on
 * the same embedded server and the same HikariCP pool as Vellum and raw pgjdbc, in a fresh schema
 * per run, its tables created by the engine itself ({@code createSchema} with
 * {@link PostgresEventTableFactory}). Used directly, without Spring, an Axon configuration or a
 * unit of work: {@link NoTransactionManager} and the pool's auto-commit connections, so each
 * {@code appendEvents} call is one batch and one commit. Events are {@link GenericDomainEventMessage}s
 * of the benchmark's {@link OrderPlaced} payload in aggregates {@code order-<n>} (Axon's stream),
 * serialized by {@link JacksonSerializer} into the same JSON object as Vellum's data. What Axon leaves
 * out compared with Vellum: no expected-revision check beyond its unique {@code (aggregateIdentifier,
 * sequenceNumber)}, no idempotency lookup, no watermark on reads (gap-aware tokens instead).
 */
final class AxonPeer implements Workload {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
    private static final String AGGREGATE_TYPE = "Order";

    private final boolean reading;
    private final int events;

    private AxonPeer(boolean reading, int events) {
        this.reading = reading;
        this.events = events;
    }

    /** {@link BenchShape#WRITERS} threads appending one event per {@code appendEvents}, as Vellum's writers. */
    static AxonPeer concurrentAppends() {
        return new AxonPeer(false, 0);
    }

    /**
     * {@code readEvents(token, false)} over a log of {@code events} events, a page of
     * {@link BenchShape#PAGE} events per operation (the engine's batch size, as Vellum's page),
     * each payload upcast (no upcasters) and deserialized into {@link OrderPlaced}.
     */
    static AxonPeer readAll(int events) {
        return new AxonPeer(true, events);
    }

    @Override
    public String name() {
        return reading ? "peer Axon 4 JdbcEventStorageEngine readEvents"
                : "peer Axon 4 JdbcEventStorageEngine × " + BenchShape.WRITERS + " writers";
    }

    @Override
    public boolean reportsLatency() {
        return !reading;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        JdbcEventStorageEngine engine = engine();
        if (reading) {
            fill(engine, events);
            Pager pager = new Pager(engine);
            return Fixture.of(1, thread -> pager, () -> { });
        }
        AtomicLong streams = new AtomicLong();
        return Fixture.of(BenchShape.WRITERS, thread -> {
            StreamCursor cursor = new StreamCursor(streams);
            return () -> {
                cursor.advance();
                engine.appendEvents(event(cursor.streamName(), cursor.revision()));
                return 1;
            };
        }, () -> { });
    }

    /** An engine on a fresh schema of the bench server, its tables created by Axon itself. */
    private static JdbcEventStorageEngine engine() throws Exception {
        String schema = PgServer.freshSchema();
        try (Connection c = PgServer.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(PgServer.dataSource()))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .schema(EventSchema.builder()
                        .eventTable(schema + ".domainevententry")
                        .snapshotTable(schema + ".snapshotevententry")
                        .build())
                .batchSize(BenchShape.PAGE)
                .build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        return engine;
    }

    /** Writes {@code events} events in aggregates of {@link BenchShape#BATCH}, one append per aggregate. */
    private static void fill(JdbcEventStorageEngine engine, int events) {
        for (int stream = 1; stream * BenchShape.BATCH <= events; stream++) {
            List<DomainEventMessage<OrderPlaced>> batch = new ArrayList<>(BenchShape.BATCH);
            for (int revision = 0; revision < BenchShape.BATCH; revision++) {
                batch.add(event(OrderEvents.streamName(stream), revision));
            }
            engine.appendEvents(batch);
        }
    }

    /** A new benchmark event at {@code revision} of aggregate {@code stream}, with a random id. */
    private static DomainEventMessage<OrderPlaced> event(String stream, long revision) {
        return new GenericDomainEventMessage<>(AGGREGATE_TYPE, stream, revision, randomOrder());
    }

    /** The payload of BENCH.md's event with random values, as {@link OrderEvents#randomData()} makes it. */
    private static OrderPlaced randomOrder() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] customer = new char[40];
        for (int i = 0; i < customer.length; i++) {
            customer[i] = LETTERS.charAt(random.nextInt(LETTERS.length()));
        }
        return new OrderPlaced(OrderEvents.randomId().toString(),
                BigDecimal.valueOf(random.nextInt(10_000, 100_000), 2), "EUR", new String(customer));
    }

    /** One page per call, every payload deserialized, starting over from the beginning at the end. */
    private static final class Pager implements Operation {
        private final JdbcEventStorageEngine engine;
        private final Blackhole blackhole = new Blackhole();
        private TrackingToken after;

        Pager(JdbcEventStorageEngine engine) {
            this.engine = engine;
        }

        @Override
        public int run() {
            int read = 0;
            try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(after, false)) {
                Iterator<? extends TrackedEventMessage<?>> events = stream.iterator();
                while (read < BenchShape.PAGE && events.hasNext()) {
                    TrackedEventMessage<?> event = events.next();
                    Object payload = event.getPayload();
                    if (!(payload instanceof OrderPlaced)) {
                        throw new IllegalStateException("Axon deserialized " + payload.getClass() + ", not OrderPlaced");
                    }
                    blackhole.consume(payload);
                    after = event.trackingToken();
                    read++;
                }
            }
            if (read < BenchShape.PAGE) {
                after = null;
            }
            return read;
        }
    }
}
