package dev.vellum.sqlite.internal;

import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.jdbc.spi.WriteOutcome;
import dev.vellum.jdbc.spi.WriteQueue;
import dev.vellum.jdbc.spi.WriteRequest;
import dev.vellum.store.AppendNotStoredException;
import dev.vellum.store.AppendOutcomeUnknownException;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StoreFullException;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.spi.AppendSignal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes. Callers queue requests (blocking when the queue is full: that is the
 * back-pressure); the thread takes everything queued, runs it in one transaction with one fsync at
 * {@code COMMIT}, and only then completes the callers' futures. When several requests share the
 * transaction, each runs in its own {@code SAVEPOINT}, so one that fails (wrong expected revision,
 * idempotency conflict, tombstoned stream) is rolled back alone and never fails its neighbours; a
 * request alone in its transaction needs none, as the transaction's rollback undoes it.
 *
 * <p>Because one thread commits every write, positions are handed out in commit order: a reader's
 * snapshot always holds a gap-free prefix of the log, and a subscriber that follows positions can
 * never see a later position before an earlier one (guarantee 4).
 */
final class GroupCommitWriter implements AutoCloseable {

    /** A batch stops growing past this many events, to bound the time one transaction holds the lock. */
    private static final int MAX_BATCH_EVENTS = 20_000;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final String name;
    private final Connection connection;
    private final StreamWriter writer;
    private final AppendSignal signal;
    private final AppendHook hook;
    private final WriteQueue<WriterJob> queue;
    private final ControlStatement begin;
    private final ControlStatement commit;
    private final ControlStatement rollback;
    private final ControlStatement savepoint;
    private final ControlStatement release;
    private final ControlStatement rollbackToSavepoint;
    private final AtomicLong commits = new AtomicLong();
    private final Thread thread;

    /**
     * Takes over {@code connection} (closing it when done) and starts the writer thread.
     *
     * @param name the store's name for messages
     * @param queueCapacity how many requests may wait before callers block
     * @param hook runs in each append's savepoint after its events are written
     */
    GroupCommitWriter(String name, Connection connection, AppendSignal signal, int queueCapacity, AppendHook hook)
            throws SQLException {
        this.name = name;
        this.connection = connection;
        this.signal = signal;
        this.hook = hook;
        this.queue = new WriteQueue<>(name, queueCapacity);
        this.writer = new StreamWriter(connection);
        this.begin = new ControlStatement(connection, "BEGIN IMMEDIATE");
        this.commit = new ControlStatement(connection, "COMMIT");
        this.rollback = new ControlStatement(connection, "ROLLBACK");
        this.savepoint = new ControlStatement(connection, "SAVEPOINT request");
        this.release = new ControlStatement(connection, "RELEASE request");
        this.rollbackToSavepoint = new ControlStatement(connection, "ROLLBACK TO request");
        this.thread = Thread.ofPlatform().daemon().name("vellum-sqlite-writer").start(this::run);
    }

    /**
     * Queues a job, waiting for room when the queue is full.
     *
     * @throws StoreClosedException when the store is closing or closed
     */
    void submit(WriterJob job) {
        queue.submit(job);
    }

    /** How many transactions have committed: fewer than the requests when group commit works. */
    long commits() {
        return commits.get();
    }

    private void run() {
        List<WriterJob.Work> batch = new ArrayList<>();
        boolean stop = false;
        try {
            while (!stop) {
                batch.clear();
                WriterJob next = queue.take();
                int events = 0;
                while (next != null) {
                    if (!(next instanceof WriterJob.Work work)) { // the stop marker
                        stop = true;
                        break;
                    }
                    batch.add(work);
                    events += work instanceof WriterJob.Request(WriteRequest.Append a) ? a.events().size() : 1;
                    next = events < MAX_BATCH_EVENTS ? queue.poll() : null;
                }
                if (!batch.isEmpty()) {
                    runBatch(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("The writer of {} was interrupted; queued writes fail", name);
            queue.failAll();
        } finally {
            try {
                writer.close();
                connection.close();
            } catch (SQLException e) {
                LOG.warn("Closing the write connection of {} failed", name, e);
            }
        }
    }

    private void runBatch(List<WriterJob.Work> batch) {
        Outcome[] outcomes = new Outcome[batch.size()];
        boolean begun = false;
        boolean committing = false;
        try {
            begin.execute();
            begun = true;
            writer.beginBatch();
            long now = System.currentTimeMillis();
            if (batch.size() == 1) {
                outcomes[0] = applyAlone(batch.getFirst(), now);
                if (outcomes[0].error() != null) {
                    rollback.execute();
                    outcomes[0].complete(batch.getFirst());
                    return;
                }
            } else {
                for (int i = 0; i < batch.size(); i++) {
                    outcomes[i] = applyInSavepoint(batch.get(i), now);
                }
            }
            committing = true;
            commit.execute();
        } catch (SQLException | RuntimeException | Error e) {
            if (begun) {
                rollbackQuietly();
            }
            RuntimeException failure = batchFailure(e, begun, committing);
            LOG.error("A write transaction of {} failed", name, e);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).fail(outcomes[i] != null && outcomes[i].error() != null ? outcomes[i].error() : failure);
            }
            return;
        }
        commits.incrementAndGet();
        for (int i = 0; i < batch.size(); i++) {
            outcomes[i].complete(batch.get(i));
        }
        signal.signal();
    }

    /**
     * What a failed transaction's requests learn: a full disk stored nothing, wherever it was met
     * (SQLite rolls back on {@code SQLITE_FULL}, and a {@code COMMIT} that could not write its WAL
     * frames wrote no commit record); otherwise only a failed {@code COMMIT} leaves the outcome
     * unknown (SQLite may have written the commit to the WAL before the error); a transaction that
     * could not begin, or failed before its commit and was rolled back, stored nothing.
     */
    private RuntimeException batchFailure(Throwable e, boolean begun, boolean committing) {
        if (SqlFailures.isFull(e)) {
            return full(e);
        }
        if (committing) {
            return new AppendOutcomeUnknownException("The COMMIT of a SQLite transaction of " + name + " failed ("
                    + e.getMessage() + "), so an append in it may or may not be stored: retry it with the same event "
                    + "ids, which stores nothing twice.", e);
        }
        if (!begun && SqlFailures.isTransientCause(e)) {
            return new StoreUnavailableException("The SQLite file of " + name + " stayed locked by another "
                    + "connection or process (" + e.getMessage() + "). Nothing was written: retry once it is free.", e);
        }
        return new AppendNotStoredException("A SQLite transaction of " + name + " failed before its commit ("
                + e.getMessage() + ") and was rolled back. Nothing of it was written: it can be retried.", e);
    }

    /**
     * Applies a request that is alone in its transaction, without a savepoint: the transaction's own
     * rollback undoes it just as well, and SQLite then need not copy every page the request changes
     * into a sub-journal first, which costs more than the inserts themselves for a 100-event append.
     * On an error the caller rolls the transaction back.
     */
    private Outcome applyAlone(WriterJob.Work work, long now) {
        try {
            return new Outcome(apply(work, writer.position(), now), null);
        } catch (SQLException | RuntimeException e) {
            return failed(e);
        }
    }

    private Outcome applyInSavepoint(WriterJob.Work work, long now) throws SQLException {
        long mark = writer.position();
        savepoint.execute();
        try {
            Runnable answer = apply(work, mark, now);
            release.execute();
            return new Outcome(answer, null);
        } catch (SQLException | RuntimeException e) {
            rollbackToSavepoint.execute();
            release.execute();
            writer.resetPosition(mark);
            return failed(e);
        }
    }

    /**
     * Runs one job; {@code mark} is the last position before it. Returns how to answer its caller
     * once the transaction has committed.
     */
    private Runnable apply(WriterJob.Work work, long mark, long now) throws SQLException {
        return switch (work) {
            case WriterJob.Request(WriteRequest request) -> {
                WriteOutcome outcome = write(request, mark, now);
                yield () -> request.complete(outcome);
            }
            case WriterJob.Task<?> t -> t.run(connection);
        };
    }

    private WriteOutcome write(WriteRequest request, long mark, long now) throws SQLException {
        return switch (request) {
            case WriteRequest.Append a -> {
                WriteOutcome.Appended appended = new WriteOutcome.Appended(writer.append(a, now));
                if (writer.position() > mark) { // not a retry of an earlier append
                    hook.appended(connection, a.stream(), a.events(), appended.result(), now);
                }
                yield appended;
            }
            case WriteRequest.Delete d -> {
                writer.delete(d);
                yield new WriteOutcome.Deleted();
            }
        };
    }

    private Outcome failed(Exception e) {
        if (e instanceof RuntimeException r) {
            return new Outcome(null, r);
        }
        if (SqlFailures.isFull(e)) {
            return new Outcome(null, full(e));
        }
        return new Outcome(null, SqlFailures.isTransientCause(e)
                ? new StoreUnavailableException("Writing to " + name + " failed: " + e.getMessage()
                        + ". Nothing of this request was written: retry once the file is free.", e)
                : new AppendNotStoredException("Writing to " + name + " failed: " + e.getMessage()
                        + ". Nothing of this request was written.", e));
    }

    private StoreFullException full(Throwable e) {
        return new StoreFullException("The disk that holds " + name + " is full (" + e.getMessage() + "). "
                + "Nothing of this write was stored: free space on that file system, then retry.", e);
    }

    private void rollbackQuietly() {
        try {
            rollback.execute();
        } catch (SQLException e) {
            LOG.debug("No rollback after the failed transaction of {}: {}", name, e.getMessage());
        }
    }

    /** Stops taking requests, lets the thread finish every queued one, and waits for it. */
    @Override
    public void close() {
        if (!queue.close()) {
            return;
        }
        try {
            queue.putInternal(new WriterJob.Stop());
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What one job came to inside the transaction: how to answer its caller after {@code COMMIT},
     * or the error it failed with (rolled back alone, so its neighbours still commit).
     */
    private record Outcome(Runnable answer, RuntimeException error) {

        void complete(WriterJob.Work work) {
            if (error != null) {
                work.fail(error);
            } else {
                answer.run();
            }
        }
    }
}
