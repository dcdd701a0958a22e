package dev.vellum.bench.postgres;

import dev.vellum.bench.order.StreamCursor;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Workload;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The ceiling of the shape {@code pg-append-64} has, with no store in it: {@link BenchShape#WRITERS}
 * threads each hand one event (the streams and revisions of {@link StreamCursor}) to a queue and
 * wait for it, while {@code connections} writer threads each take everything queued, insert it with
 * one {@code executeBatch} and one {@code COMMIT}, and wake its callers. No revision check, stream
 * state, ordering or idempotency: what is left is the callers waiting and the shared commits, so
 * a store built this way can at best match it.
 */
final class RawPgGroupCommit implements Workload {

    /** One caller's event, completed once its batch committed. */
    private record Request(String stream, long revision, CompletableFuture<Void> committed) {
    }

    private final int connections;

    /** The ceiling with {@code connections} writer connections. */
    RawPgGroupCommit(int connections) {
        this.connections = connections;
    }

    @Override
    public String name() {
        return "raw pg group commit, " + BenchShape.WRITERS + " callers → " + connections
                + (connections == 1 ? " connection" : " connections");
    }

    @Override
    public boolean reportsLatency() {
        return true;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        String schema = RawPg.createTable();
        BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
        List<Connection> opened = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Connection c = RawPg.writeConnection();
            opened.add(c);
            PreparedStatement insert = RawPg.prepareInsert(c, schema);
            writers.add(Thread.ofPlatform().name("raw-group-commit-" + i).daemon()
                    .start(() -> write(queue, c, insert)));
        }
        return Fixture.of(BenchShape.WRITERS, StreamCursor.perWorker((thread, cursor) -> () -> {
            cursor.advance();
            Request request = new Request(cursor.streamName(), cursor.revision(), new CompletableFuture<>());
            queue.add(request);
            request.committed().join();
            return 1;
        }), () -> {
            writers.forEach(Thread::interrupt); // every caller has returned: the writers wait on an empty queue
            for (Thread writer : writers) {
                join(writer);
            }
            for (Connection c : opened) {
                c.close();
            }
        });
    }

    /**
     * A writer's loop: until interrupted, commit everything queued as one batch. A failed batch
     * fails its callers; once the connection cannot even roll back, every later batch fails too,
     * so no caller waits for ever and the run stops with the error.
     */
    private static void write(BlockingQueue<Request> queue, Connection c, PreparedStatement insert) {
        List<Request> batch = new ArrayList<>();
        SQLException broken = null;
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch);
            try {
                if (broken != null) {
                    throw broken;
                }
                for (Request request : batch) {
                    RawPg.bind(insert, request.stream(), request.revision());
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
                batch.forEach(request -> request.committed().complete(null));
            } catch (SQLException e) {
                batch.forEach(request -> request.committed().completeExceptionally(e));
                broken = broken != null ? broken : rollBack(c, insert);
            }
            batch.clear();
        }
    }

    /** Rolls the failed batch back: null when that worked, else why the connection is unusable. */
    private static SQLException rollBack(Connection c, PreparedStatement insert) {
        try {
            insert.clearBatch();
            c.rollback();
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private static void join(Thread writer) {
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
