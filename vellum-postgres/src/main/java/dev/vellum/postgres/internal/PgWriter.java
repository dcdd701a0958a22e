package dev.vellum.postgres.internal;

import dev.vellum.jdbc.internal.WriteQueue;
import dev.vellum.jdbc.internal.WriteRequest;
import dev.vellum.store.AppendResult;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;
import dev.vellum.store.internal.AppendSignal;
import dev.vellum.store.internal.StreamState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers queue their writes (blocking when the queue is full, which is the
 * back-pressure), and a few writer threads each take everything queued and run it as one
 * {@link PgBatch}, whose one write statement is one transaction, so concurrent single-event
 * appends share statements and a commit. A batch of appends to streams whose states the writers
 * committed before ({@link CommittedStates}), or to new streams, is decided from those states and
 * costs one round trip; others load the states first. Callers learn their outcome once the
 * transaction committed. A batch that lost a race with
 * another writer (another thread here, or another node) is rolled back and run again from the
 * start, loading the stored states, so every caller gets the outcome the database finally agreed
 * on, or a typed error.
 */
final class PgWriter implements AutoCloseable {

    /** A batch stops growing past this many events or characters of data, to bound one transaction. */
    private static final int MAX_BATCH_EVENTS = 10_000;
    private static final long MAX_BATCH_CHARS = 16L << 20;
    private static final int MAX_ATTEMPTS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(PgWriter.class);

    private final String name;
    private final DataSource dataSource;
    private final PgDialect dialect;
    private final PgBatch batch;
    private final AppendSignal signal;
    private final Clock clock;
    private final PgNotifySender notifier;
    private final WriteQueue queue;
    private final CommittedStates committed = new CommittedStates();
    private final AtomicLong commits = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    PgWriter(String name, DataSource dataSource, PgDialect dialect, AppendSignal signal, Clock clock, int writers,
            int queueCapacity) {
        this.name = name;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.batch = new PgBatch(dialect);
        this.signal = signal;
        this.clock = clock;
        this.notifier = new PgNotifySender(dataSource, dialect);
        this.queue = new WriteQueue(name, queueCapacity);
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().daemon().name("vellum-postgres-writer-" + i).start(this::run));
        }
    }

    /**
     * Queues a request, waiting for room when the queue is full.
     *
     * @throws StoreClosedException when the store is closing or closed
     */
    void submit(WriteRequest request) {
        queue.submit(request);
    }

    /** How many transactions committed: fewer than the requests when group commit works. */
    long commits() {
        return commits.get();
    }

    private void run() {
        List<WriteRequest> requests = new ArrayList<>();
        try {
            while (true) {
                requests.clear();
                WriteRequest next = queue.poll(50, TimeUnit.MILLISECONDS);
                if (next == null) {
                    if (queue.isClosed() && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                int events = 0;
                long chars = 0;
                while (next != null) {
                    requests.add(next);
                    if (next instanceof WriteRequest.Append a) {
                        events += a.events().size();
                        for (var e : a.events()) {
                            chars += e.data().length();
                        }
                    }
                    next = events < MAX_BATCH_EVENTS && chars < MAX_BATCH_CHARS ? queue.poll() : null;
                }
                execute(requests);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.failAll();
        }
    }

    private void execute(List<WriteRequest> requests) {
        SQLException last = null;
        boolean fromCommitted = true; // the first attempt decides from the states committed here when it can
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            PgBatch.Written written;
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true); // the batch's one write statement is its transaction
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                Optional<Map<StreamId, StreamState>> known = fromCommitted ? committed.of(requests) : Optional.empty();
                Optional<PgBatch.Written> done = known.isPresent()
                        ? batch.runKnown(c, requests, known.get(), now)
                        : Optional.empty();
                written = done.isPresent() ? done.get() : batch.run(c, requests, now, false);
            } catch (SQLException e) {
                last = e;
                committed.forget(requests);
                fromCommitted = false;
                if (dialect.isConflict(e)) {
                    LOG.debug("A batch of {} lost a race (attempt {}), running it again: {}", name, attempt,
                            e.getMessage());
                    continue;
                }
                break;
            } catch (RuntimeException e) {
                committed.forget(requests);
                failAll(requests, new VellumException("Writing to " + name + " failed: " + e.getMessage()
                        + ". An append in it may or may not be stored: retry it with the same event ids, which is safe.", e));
                return;
            }
            commits.incrementAndGet();
            committed.committed(written.changes());
            complete(requests, written.results());
            signal.signal();
            notifier.request();
            return;
        }
        LOG.error("A write transaction of {} failed", name, last);
        failAll(requests, new VellumException("The PostgreSQL transaction of " + name + " failed (" + last.getMessage()
                + "). An append in it may or may not be stored: retry it with the same event ids, which is safe.",
                last));
    }

    private static void complete(List<WriteRequest> requests, List<Object> results) {
        for (int i = 0; i < requests.size(); i++) {
            Object result = results.get(i);
            switch (requests.get(i)) {
                case WriteRequest.Append a -> {
                    if (result instanceof RuntimeException e) {
                        a.fail(e);
                    } else {
                        a.result().complete((AppendResult) result);
                    }
                }
                case WriteRequest.Delete d -> {
                    if (result instanceof RuntimeException e) {
                        d.fail(e);
                    } else {
                        d.result().complete(null);
                    }
                }
                case WriteRequest.Task t -> throw new IllegalStateException(PgBatch.NO_TASKS);
                case WriteRequest.Stop s -> throw new IllegalStateException("stop is not a write");
            }
        }
    }

    private static void failAll(List<WriteRequest> requests, RuntimeException error) {
        requests.forEach(r -> r.fail(error));
    }

    /** Stops taking requests, lets the threads finish every queued one, and waits for them. */
    @Override
    public void close() {
        queue.close();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        notifier.close();
    }
}
