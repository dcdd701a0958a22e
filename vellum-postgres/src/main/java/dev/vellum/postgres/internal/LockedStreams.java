package dev.vellum.postgres.internal;

import dev.vellum.jdbc.spi.WriteRequest;
import dev.vellum.store.StreamId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes to streams that group commit could not write: another transaction held a stream's row
 * lock longer than a batch may wait (typically a caller's transaction that appended to it with
 * {@code appendInTransaction} and is still open), or the stream lost races again and again. Each
 * such stream gets a thread of its own that writes its requests, in their order, in transactions
 * of their own: the stream's row is locked first ({@code FOR UPDATE}), so the write waits its turn
 * in the row's lock queue and cannot lose to transactions that come later, for up to
 * {@link #LOCK_WAIT}. Requests for a stream parked here are sent here too, until it has none left,
 * so a stream's requests keep their order and later batches are not held up by the same lock.
 * Each parked stream holds a pooled connection while it waits. See decision record 16.
 */
final class LockedStreams implements AutoCloseable {

    /** How long a parked stream's write waits for its row lock before it fails as not stored. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    private static final int MAX_ATTEMPTS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(LockedStreams.class);

    private final DataSource dataSource;
    private final PgDialect dialect;
    private final PgBatch batch;
    private final Clock clock;
    private final WriteFailures failures;
    private final BiConsumer<List<WriteRequest>, PgBatch.Written> done;
    private final Map<StreamId, List<WriteRequest>> parked = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    /** @param done hands a committed group's results over, as for a batch */
    LockedStreams(DataSource dataSource, PgDialect dialect, PgBatch batch, Clock clock, WriteFailures failures,
            BiConsumer<List<WriteRequest>, PgBatch.Written> done) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.batch = batch;
        this.clock = clock;
        this.failures = failures;
        this.done = done;
    }

    /** The stream a write request is for. */
    static StreamId streamOf(WriteRequest request) {
        return switch (request) {
            case WriteRequest.Append a -> a.stream();
            case WriteRequest.Delete d -> d.stream();
        };
    }

    /** Takes the requests for parked streams out of {@code requests} (queueing them behind the parked ones); returns the rest. */
    synchronized List<WriteRequest> divert(List<WriteRequest> requests) {
        if (parked.isEmpty()) {
            return requests;
        }
        List<WriteRequest> rest = new ArrayList<>(requests.size());
        for (WriteRequest r : requests) {
            List<WriteRequest> queue = parked.get(streamOf(r));
            if (queue != null) {
                queue.add(r);
            } else {
                rest.add(r);
            }
        }
        return rest;
    }

    /** Parks {@code stream} with its {@code requests}, in order, or queues them behind it when it is parked already. */
    synchronized void park(StreamId stream, List<WriteRequest> requests) {
        List<WriteRequest> queue = parked.get(stream);
        if (queue != null) {
            queue.addAll(requests);
            return;
        }
        parked.put(stream, new ArrayList<>(requests));
        threads.removeIf(t -> !t.isAlive());
        threads.add(Thread.ofPlatform().daemon().name("vellum-postgres-locked-stream").start(() -> drive(stream)));
    }

    private void drive(StreamId stream) {
        while (true) {
            List<WriteRequest> requests;
            synchronized (this) {
                List<WriteRequest> queue = parked.get(stream);
                if (queue.isEmpty()) {
                    parked.remove(stream);
                    return;
                }
                requests = List.copyOf(queue);
                queue.clear();
            }
            try {
                write(requests);
            } catch (RuntimeException | Error e) { // never leave the stream parked with nobody to write it
                LOG.error("A write to a locked stream failed unexpectedly", e);
                failures.unforeseen(requests, e);
            }
        }
    }

    /** Writes one stream's requests in a transaction that locks the stream's row first. */
    private void write(List<WriteRequest> requests) {
        for (int attempt = 1; ; attempt++) {
            WriteFailures.Stage stage = WriteFailures.Stage.CONNECTING;
            PgBatch.Written written = null;
            try (Connection c = dataSource.getConnection()) {
                stage = WriteFailures.Stage.PREPARING;
                int networkTimeout = c.getNetworkTimeout();
                if (networkTimeout > 0) { // the lock wait is an answer the server may take that long to give
                    c.setNetworkTimeout(Runnable::run, Math.toIntExact(networkTimeout + LOCK_WAIT.toMillis()));
                }
                c.setAutoCommit(false);
                try {
                    try (PreparedStatement ps = c.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
                        ps.setString(1, LOCK_WAIT.toMillis() + "ms");
                        ps.executeQuery().close();
                    }
                    BatchPlan plan = batch.plan(c, requests, true);
                    PgBatch.Written w = batch.write(c, plan, clock.instant().truncatedTo(ChronoUnit.MILLIS), false, null);
                    stage = WriteFailures.Stage.COMMITTING;
                    c.commit();
                    written = w;
                } finally {
                    if (written == null && stage == WriteFailures.Stage.PREPARING) {
                        rollbackQuietly(c);
                    }
                    restoreAutoCommit(c);
                }
            } catch (SQLException e) {
                if (written == null) { // else only giving the connection back failed, after the commit
                    if (stage == WriteFailures.Stage.PREPARING && dialect.isLockTimeout(e)) {
                        fail(requests, failures.notStored("Stream '" + streamOf(requests.getFirst())
                                + "' stayed locked by another transaction for " + LOCK_WAIT.toSeconds()
                                + " s (an appendInTransaction whose transaction is still open?)", e));
                        return;
                    }
                    if (stage == WriteFailures.Stage.PREPARING && dialect.isConflict(e) && attempt < MAX_ATTEMPTS) {
                        continue;
                    }
                    fail(requests, failures.of(stage, e));
                    return;
                }
            } catch (RuntimeException e) {
                fail(requests, failures.of(stage, e));
                return;
            }
            done.accept(requests, written);
            return;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("No rollback after a failed write: {}", e.getMessage());
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("Could not restore auto-commit on a pooled connection: {}", e.getMessage());
        }
    }

    private static void fail(List<WriteRequest> requests, RuntimeException error) {
        LOG.warn("A write to a locked stream failed: {}", error.getMessage());
        requests.forEach(r -> r.fail(error));
    }

    /** Waits for every parked stream to be written or to fail; nothing is parked after the writers stopped. */
    @Override
    public void close() {
        List<Thread> running;
        synchronized (this) {
            running = List.copyOf(threads);
        }
        for (Thread t : running) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
