package dev.vellum.bench.postgres;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.StreamCursor;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Operation;
import dev.vellum.bench.scenario.Workload;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw pgjdbc write baselines of BENCH.md on some connections, one thread each (PostgreSQL has
 * many writers; BENCH.md's reference figures use 1 and 16): <em>raw single</em>,
 * one {@code INSERT} and one {@code COMMIT} per event in streams of
 * {@link StreamCursor#EVENTS_PER_STREAM} events; <em>raw batched</em>, {@link BenchShape#BATCH}
 * events of a new stream per {@code executeBatch} and one {@code COMMIT}.
 */
final class RawPgInsert implements Workload {

    private final boolean batched;
    private final int connectionCount;

    private RawPgInsert(boolean batched, int connections) {
        this.batched = batched;
        this.connectionCount = connections;
    }

    /** Raw single on {@code connections} connections. */
    static RawPgInsert single(int connections) {
        return new RawPgInsert(false, connections);
    }

    /** Raw batched on {@code connections} connections. */
    static RawPgInsert batched(int connections) {
        return new RawPgInsert(true, connections);
    }

    @Override
    public String name() {
        return (batched ? "raw pg batched × " : "raw pg single × ") + connectionCount;
    }

    @Override
    public boolean reportsLatency() {
        return true;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        String schema = RawPg.createTable();
        List<Connection> connections = new ArrayList<>();
        List<PreparedStatement> inserts = new ArrayList<>();
        for (int i = 0; i < connectionCount; i++) {
            Connection c = RawPg.writeConnection();
            connections.add(c);
            inserts.add(RawPg.prepareInsert(c, schema));
        }
        AtomicLong streams = new AtomicLong();
        return Fixture.of(connectionCount, thread -> operation(connections.get(thread), inserts.get(thread), streams), () -> {
            for (int i = 0; i < connectionCount; i++) {
                inserts.get(i).close();
                connections.get(i).setAutoCommit(true);
                connections.get(i).close();
            }
        });
    }

    private Operation operation(Connection c, PreparedStatement insert, AtomicLong streams) {
        if (batched) {
            return () -> {
                RawPg.insertBatch(c, insert, OrderEvents.streamName(streams.incrementAndGet()), BenchShape.BATCH);
                return BenchShape.BATCH;
            };
        }
        StreamCursor cursor = new StreamCursor(streams);
        return () -> {
            cursor.advance();
            insertOne(c, insert, cursor.streamName(), cursor.revision());
            return 1;
        };
    }

    private static void insertOne(Connection c, PreparedStatement insert, String stream, long revision)
            throws SQLException {
        RawPg.bind(insert, stream, revision);
        insert.executeUpdate();
        c.commit();
    }
}
