package dev.vellum.bench.raw;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.StreamCursor;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.bench.scenario.Workload;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw write baselines of BENCH.md, on one connection from one thread (SQLite has one writer):
 * <em>raw single</em>, one {@code INSERT} and one {@code COMMIT} per event, in streams of
 * {@link StreamCursor#EVENTS_PER_STREAM} events like Vellum's concurrent writers; and
 * <em>raw batched</em>, {@link BenchShape#BATCH} events of a new stream per {@code executeBatch}
 * and one {@code COMMIT}, like Vellum's batch appends.
 */
public final class RawInsert implements Workload {

    private final boolean batched;
    private final Synchronous synchronous;

    private RawInsert(boolean batched, Synchronous synchronous) {
        this.batched = batched;
        this.synchronous = synchronous;
    }

    /** Raw single with this {@code synchronous} setting. */
    public static RawInsert single(Synchronous synchronous) {
        return new RawInsert(false, synchronous);
    }

    /** Raw batched with this {@code synchronous} setting. */
    public static RawInsert batched(Synchronous synchronous) {
        return new RawInsert(true, synchronous);
    }

    @Override
    public String name() {
        return (batched ? "raw batched " : "raw single ") + synchronous;
    }

    @Override
    public boolean reportsLatency() {
        return true;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        Connection connection = RawSqlite.create(directory, synchronous);
        RawInserter inserter = new RawInserter(connection);
        Fixture.Closer resources = () -> {
            inserter.close();
            connection.close();
        };
        if (batched) {
            AtomicLong streams = new AtomicLong();
            return Fixture.of(1, thread -> () -> {
                inserter.insertBatch(OrderEvents.streamName(streams.incrementAndGet()), BenchShape.BATCH);
                return BenchShape.BATCH;
            }, resources);
        }
        return Fixture.of(1, StreamCursor.perWorker((thread, cursor) -> () -> {
            cursor.advance();
            inserter.insertOne(cursor.streamName(), cursor.revision());
            return 1;
        }), resources);
    }
}
