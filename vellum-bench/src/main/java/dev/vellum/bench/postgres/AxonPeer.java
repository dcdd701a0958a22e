package dev.vellum.bench.postgres;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.OrderPlaced;
import dev.vellum.bench.order.StreamCursor;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Blackhole;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Operation;
import dev.vellum.bench.scenario.Workload;
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
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
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
 * {@code appendEvents} call is one JDBC batch, which pgjdbc sends with one Sync and so runs as one
 * transaction up to about 255 events (beyond that pgjdbc syncs mid-batch to drain replies, which
 * commits the events so far; no timed append here has more than 100). Events are
 * {@link GenericDomainEventMessage}s of the benchmark's {@link OrderPlaced} payload in aggregates
 * {@code order-<n>} (Axon's stream), serialized by {@link JacksonSerializer} into the same JSON
 * object as Vellum's data. What Axon leaves out compared with Vellum: no expected-revision check
 * beyond its unique {@code (aggregateIdentifier, sequenceNumber)}, no idempotency lookup, no
 * watermark on reads (gap-aware tokens instead).
 */
final class AxonPeer implements Workload {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
    private static final String AGGREGATE_TYPE = "Order";
    private static final String ENGINE = "peer Axon 4 JdbcEventStorageEngine";

    /** What the peer does in a run, one kind per Vellum workload it stands beside. */
    private enum Kind { CONCURRENT_APPENDS, BATCH_APPENDS, LOG_READ, AGGREGATE_LOAD }

    private final Kind kind;
    private final int events;

    private AxonPeer(Kind kind, int events) {
        this.kind = kind;
        this.events = events;
    }

    /** {@link BenchShape#WRITERS} threads appending one event per {@code appendEvents}, as Vellum's writers. */
    static AxonPeer concurrentAppends() {
        return new AxonPeer(Kind.CONCURRENT_APPENDS, 0);
    }

    /**
     * One thread, one {@code appendEvents} of {@link BenchShape#BATCH} events per operation, each
     * call a new aggregate with sequence numbers 0 to 99; with auto-commit that batch is one
     * transaction (pgjdbc sends it with one Sync below about 255 statements).
     */
    static AxonPeer batchAppends() {
        return new AxonPeer(Kind.BATCH_APPENDS, BenchShape.BATCH);
    }

    /**
     * {@code readEvents(token, false)} over a log of {@code events} events, a page of
     * {@link BenchShape#PAGE} events per operation (the engine's batch size, as Vellum's page),
     * each payload upcast (no upcasters) and deserialized into {@link OrderPlaced}.
     */
    static AxonPeer readAll(int events) {
        return new AxonPeer(Kind.LOG_READ, events);
    }

    /**
     * {@code readEvents(aggregateIdentifier)} of one aggregate of {@code events} events, written
     * before the clock starts, every payload deserialized into {@link OrderPlaced}; one operation
     * is one whole load.
     */
    static AxonPeer aggregateLoad(int events) {
        return new AxonPeer(Kind.AGGREGATE_LOAD, events);
    }

    @Override
    public String name() {
        return switch (kind) {
            case CONCURRENT_APPENDS -> ENGINE + " × " + BenchShape.WRITERS + " writers";
            case BATCH_APPENDS -> ENGINE + " " + BenchShape.BATCH + "-event appendEvents";
            case LOG_READ -> ENGINE + " readEvents";
            case AGGREGATE_LOAD -> ENGINE + " readEvents(aggregate)";
        };
    }

    @Override
    public boolean reportsLatency() {
        return kind != Kind.LOG_READ;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        JdbcEventStorageEngine engine = engine();
        return switch (kind) {
            case CONCURRENT_APPENDS -> {
                yield Fixture.of(BenchShape.WRITERS, StreamCursor.perWorker((thread, cursor) -> () -> {
                    cursor.advance();
                    engine.appendEvents(event(cursor.streamName(), cursor.revision()));
                    return 1;
                }), () -> { });
            }
            case BATCH_APPENDS -> {
                AtomicLong streams = new AtomicLong();
                yield Fixture.of(1, thread -> () -> {
                    appendAggregate(engine, OrderEvents.streamName(streams.incrementAndGet()), events);
                    return events;
                }, () -> { });
            }
            case LOG_READ -> {
                for (int stream = 1; stream * BenchShape.BATCH <= events; stream++) {
                    appendAggregate(engine, OrderEvents.streamName(stream), BenchShape.BATCH);
                }
                Pager pager = new Pager(engine);
                yield Fixture.of(1, thread -> pager, () -> { });
            }
            case AGGREGATE_LOAD -> {
                String aggregate = OrderEvents.streamName(1);
                appendAggregate(engine, aggregate, events);
                Blackhole blackhole = new Blackhole();
                yield Fixture.of(1, thread -> () -> load(engine, aggregate, blackhole), () -> { });
            }
        };
    }

    /** An engine on a fresh schema of the bench server, its tables created by Axon itself, on auto-commit connections. */
    private static JdbcEventStorageEngine engine() throws Exception {
        return engine(new DataSourceConnectionProvider(PgServer.dataSource()), NoTransactionManager.INSTANCE);
    }

    /**
     * An engine on a fresh schema of the bench server, its tables created by Axon itself.
     *
     * @param connections where the engine takes its connections
     * @param transactions the transactions its reads run in
     */
    static JdbcEventStorageEngine engine(ConnectionProvider connections, TransactionManager transactions)
            throws Exception {
        String schema = PgServer.freshSchema();
        try (Connection c = PgServer.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactions)
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

    /** Appends a new aggregate {@code stream} of {@code events} events, sequence numbers from 0, in one call. */
    static void appendAggregate(JdbcEventStorageEngine engine, String stream, int events) {
        List<DomainEventMessage<OrderPlaced>> batch = new ArrayList<>(events);
        for (int revision = 0; revision < events; revision++) {
            batch.add(event(stream, revision));
        }
        engine.appendEvents(batch);
    }

    /** Reads aggregate {@code stream} whole, every payload deserialized; returns its event count. */
    private static int load(JdbcEventStorageEngine engine, String stream, Blackhole blackhole) {
        int read = 0;
        DomainEventStream events = engine.readEvents(stream);
        while (events.hasNext()) {
            blackhole.consume(orderPlaced(events.next()));
            read++;
        }
        return read;
    }

    /** The payload of {@code event}, deserialized now, which must be an {@link OrderPlaced}. */
    private static OrderPlaced orderPlaced(EventMessage<?> event) {
        if (event.getPayload() instanceof OrderPlaced order) {
            return order;
        }
        throw new IllegalStateException("Axon deserialized " + event.getPayloadType() + ", not OrderPlaced");
    }

    /** A new benchmark event at {@code revision} of aggregate {@code stream}, with a random id. */
    private static DomainEventMessage<OrderPlaced> event(String stream, long revision) {
        return new GenericDomainEventMessage<>(AGGREGATE_TYPE, stream, revision, randomOrder());
    }

    /** The payload of BENCH.md's event with random values, as {@link OrderEvents#randomData()} makes it. */
    static OrderPlaced randomOrder() {
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
                    blackhole.consume(orderPlaced(event));
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
