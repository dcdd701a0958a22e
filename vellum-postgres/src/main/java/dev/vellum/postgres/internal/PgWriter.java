package dev.vellum.postgres.internal;

import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.jdbc.spi.WriteQueue;
import dev.vellum.jdbc.spi.WriteRequest;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;
import dev.vellum.store.spi.AppendSignal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * on, or a typed error ({@link WriteFailures}). A stream whose row lock another transaction holds
 * never holds back the rest of a batch: see {@link #execute} and decision record 16.
 */
public final class PgWriter implements AutoCloseable {

    /** A batch stops growing past this many events or characters of data, to bound one transaction. */
    private static final int MAX_BATCH_EVENTS = 10_000;
    private static final long MAX_BATCH_CHARS = 16L << 20;
    /**
     * How long a batch's write waits for a row lock: well above a commit's time, and below
     * PostgreSQL's {@code deadlock_timeout} (1 s by default), so that when a caller's transaction and
     * a batch wait for each other the batch gives way before the server picks a victim.
     */
    static final Duration BATCH_LOCK_WAIT = Duration.ofMillis(200);
    /** Races a batch may lose before its streams are written apart. */
    private static final int FAST_ATTEMPTS = 3;
    /** Connections in a row a batch may find ended by the server before it fails. */
    static final int MOST_ENDED = 32;

    private static final Logger LOG = LoggerFactory.getLogger(PgWriter.class);

    private final String name;
    private final DataSource dataSource;
    private final PgDialect dialect;
    private final PgBatch batch;
    private final AppendSignal signal;
    private final Clock clock;
    private final PgNotifySender notifier;
    private final WriteQueue<WriteRequest> queue;
    private final WriteFailures failures;
    private final LockedStreams locked;
    private final CommittedStates committed = new CommittedStates();
    private final AtomicLong commits = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param connections the store's connections: batches take them {@linkplain PgConnections#unchecked()
     *     unchecked} and are run again when the server had ended the one they got (see {@link #execute})
     */
    public PgWriter(String name, PgConnections connections, PgDialect dialect, AppendSignal signal, Clock clock,
            int writers, int queueCapacity) {
        this.name = name;
        this.dataSource = connections.unchecked();
        this.dialect = dialect;
        this.batch = new PgBatch(dialect);
        this.signal = signal;
        this.clock = clock;
        this.notifier = new PgNotifySender(connections, dialect);
        this.queue = new WriteQueue<>(name, queueCapacity);
        this.failures = new WriteFailures(name);
        this.locked = new LockedStreams(connections, dialect, batch, clock, failures, this::done);
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().daemon().name("vellum-postgres-writer-" + i).start(this::run));
        }
    }

    /**
     * Queues a request, waiting for room when the queue is full.
     *
     * @throws StoreClosedException when the store is closing or closed
     */
    public void submit(WriteRequest request) {
        queue.submit(request);
    }

    /** How many transactions committed: fewer than the requests when group commit works. */
    public long commits() {
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
                List<WriteRequest> batchable = locked.divert(requests);
                if (!batchable.isEmpty()) {
                    executeGuarded(batchable);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.failAll();
        }
    }

    /**
     * {@link #execute}, and when something unforeseen escapes it (a bug, a linkage error), fails
     * the requests not yet answered, as outcome unknown since it may have struck after the commit,
     * instead of letting the writer thread die and every caller after wait for ever.
     */
    private void executeGuarded(List<WriteRequest> requests) {
        try {
            execute(requests);
        } catch (RuntimeException | Error e) {
            LOG.error("A batch of {} failed unexpectedly; the writer goes on", name, e);
            failures.unforeseen(requests, e);
        }
    }

    /**
     * Runs a batch in auto-commit mode, its write statement waiting at most {@link #BATCH_LOCK_WAIT}
     * for a row lock. A batch that met a lock held longer (a caller's transaction that appended to
     * one of its streams and is still open) or lost {@link #FAST_ATTEMPTS} races is split by stream
     * and each stream's requests run alone, so that the others are written at once; a stream that
     * still cannot be written alone is handed to {@link LockedStreams}, which waits for its lock.
     *
     * <p>A batch of appends whose connection the server ended (its farewell, SQL state {@code 57P01} or
     * {@code 57P02}, came back instead of an answer: a {@code pg_terminate_backend}, a restart, a crash)
     * is run again on another connection, up to {@value #MOST_ENDED} times. That is what spares a caller
     * a failure when the pool hands out a connection the server ended while it sat idle, without the
     * look before use that costs PgJDBC a blocked read per borrow ({@link PgConnections}). It is sound
     * even when the session was ended in the middle of the commit: the server holds its interrupts
     * while it commits, so the batch was either stored whole before the farewell or not at all, and the
     * rerun either stores it or finds its event ids and answers each append with its original result
     * (an idempotent retry). Once a commit was cut off that way, a later failure of the batch is
     * "outcome unknown", never "not stored". Batches with a delete are not run again: a delete is not
     * answered idempotently.
     */
    private void execute(List<WriteRequest> requests) {
        boolean fromCommitted = true; // the first attempt decides from the states committed here when it can
        boolean uncertain = false; // an earlier attempt's commit was cut off by the server ending its session
        int ended = 0;
        for (int attempt = 1; ; attempt++) {
            WriteFailures.Stage stage = WriteFailures.Stage.CONNECTING;
            PgBatch.Written written = null;
            try (Connection c = dataSource.getConnection()) {
                stage = WriteFailures.Stage.PREPARING;
                c.setAutoCommit(true); // the batch's one write statement is its transaction
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                Optional<BatchPlan> known = fromCommitted
                        ? committed.of(requests).flatMap(states -> PgBatch.planKnown(requests, states))
                        : Optional.empty();
                BatchPlan plan = known.isPresent() ? known.get() : batch.plan(c, requests, false);
                stage = WriteFailures.Stage.COMMITTING;
                written = batch.write(c, plan, now, false, BATCH_LOCK_WAIT);
            } catch (SQLException e) {
                if (written == null) { // else only returning the connection failed, after the commit
                    committed.forget(requests);
                    fromCommitted = false;
                    if (stage != WriteFailures.Stage.CONNECTING && SqlFailures.isEndedByServer(e)
                            && ++ended < MOST_ENDED && onlyAppends(requests)) {
                        uncertain |= stage == WriteFailures.Stage.COMMITTING;
                        LOG.debug("A batch of {} met a connection the server ended ({}): running it again on another",
                                name, e.getMessage());
                        continue;
                    }
                    if (uncertain) {
                        fail(requests, WriteFailures.Stage.COMMITTING, e);
                        return;
                    }
                    boolean contended = dialect.isLockTimeout(e) || dialect.isConflict(e) && attempt >= FAST_ATTEMPTS;
                    if (stage == WriteFailures.Stage.COMMITTING && contended) {
                        LOG.debug("A batch of {} met a lock or lost races ({}): writing its streams apart", name,
                                e.getMessage());
                        apart(requests);
                        return;
                    }
                    if (stage == WriteFailures.Stage.COMMITTING && dialect.isConflict(e)) {
                        LOG.debug("A batch of {} lost a race (attempt {}), running it again: {}", name, attempt,
                                e.getMessage());
                        continue;
                    }
                    fail(requests, stage, e);
                    return;
                }
            } catch (RuntimeException e) {
                committed.forget(requests);
                fail(requests, stage, e);
                return;
            }
            done(requests, written);
            return;
        }
    }

    private static boolean onlyAppends(List<WriteRequest> requests) {
        return requests.stream().allMatch(r -> r instanceof WriteRequest.Append);
    }

    /** Runs each stream's requests of a contended batch as a batch of its own; parks a stream alone. */
    private void apart(List<WriteRequest> requests) {
        Map<StreamId, List<WriteRequest>> byStream = new LinkedHashMap<>();
        for (WriteRequest r : requests) {
            byStream.computeIfAbsent(LockedStreams.streamOf(r), s -> new ArrayList<>()).add(r);
        }
        if (byStream.size() == 1) {
            locked.park(byStream.keySet().iterator().next(), requests);
            return;
        }
        byStream.values().forEach(this::execute);
    }

    private void fail(List<WriteRequest> requests, WriteFailures.Stage stage, Exception e) {
        LOG.warn("A write transaction of {} failed", name, e);
        VellumException error = failures.of(stage, e);
        requests.forEach(r -> r.fail(error));
    }

    /** Hands a committed batch's results over and lets readers and other nodes know. */
    private void done(List<WriteRequest> requests, PgBatch.Written written) {
        commits.incrementAndGet();
        committed.committed(written.changes());
        for (int i = 0; i < requests.size(); i++) {
            requests.get(i).complete(written.outcomes().get(i));
        }
        signal.signal();
        notifier.request();
    }

    /** Stops taking requests, lets the threads finish every queued one (and every parked one), and waits for them. */
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
        locked.close();
        notifier.close();
    }
}
