package dev.vellum.jdbc;

import dev.vellum.jdbc.spi.StoreEngine;
import dev.vellum.store.AppendResult;
import dev.vellum.store.CategorySummary;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.EventHandler;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamSummary;
import dev.vellum.store.Subscription;
import dev.vellum.store.spi.AppendSignal;
import dev.vellum.store.spi.AppendValidation;
import dev.vellum.store.spi.Arguments;
import dev.vellum.store.spi.SubscriptionSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The base a SQL event store extends: it implements the whole {@link EventStore} contract once,
 * and a store supplies only what differs, its {@link StoreEngine}. Each call checks its arguments
 * (the same checks and typed errors as every Vellum store), then that the store is open, then
 * delegates to the engine; subscriptions catch up from the log and wake on the engine's
 * {@link AppendSignal}; {@link #appendAsync} hands the engine's result over on a virtual thread,
 * never the writer's; closing stops the subscriptions, then the engine, then whatever else the
 * store holds.
 *
 * <p>To write a store (Vellum's own are {@code SqliteEventStore} and {@code PostgresEventStore}):
 * <ol>
 *   <li>implement {@link StoreEngine} for the database: the writes through a group-commit writer
 *       (queue {@link dev.vellum.jdbc.spi.WriteRequest}s on a {@link dev.vellum.jdbc.spi.WriteQueue},
 *       decide each with {@link dev.vellum.store.spi.StreamState} and
 *       {@link dev.vellum.store.spi.Idempotency}, answer each with its
 *       {@link dev.vellum.jdbc.spi.WriteOutcome}), and the reads through
 *       {@link dev.vellum.jdbc.spi.EventQueries} and {@link dev.vellum.jdbc.spi.CatalogQueries} with
 *       the database's {@link dev.vellum.jdbc.spi.Dialect};
 *   <li>extend this class with a final class and a builder or factory that opens the engine, and
 *       pass this constructor the engine and the {@link AppendSignal} the engine raises after each commit;
 *   <li>override {@link #closeResources()} when the store holds something beyond its engine (a pool
 *       it created), and guard the store's own extra methods with {@link #checkOpen()};
 *   <li>certify it: subclass the conformance suites of {@code vellum-store-tck} (see its README).
 * </ol>
 * The {@code EventStore} methods are final, so that every store keeps the one contract.
 */
public abstract class JdbcEventStore implements EventStore {

    /** Where callers' futures are completed: a virtual thread each, never a writer thread. */
    private static final Executor HAND_OVER = Thread::startVirtualThread;

    private final String name;
    private final StoreEngine engine;
    private final SubscriptionSet subscriptions;
    private volatile boolean closed;

    /**
     * Wraps an engine that is already open; the store is open once this returns.
     *
     * @param name the store's name in messages, such as its file or schema in quotes
     * @param engine the open engine; closed with this store
     * @param signal the signal the engine raises after each commit, when new events may have become
     *     readable; the subscriptions wait on it
     */
    protected JdbcEventStore(String name, StoreEngine engine, AppendSignal signal) {
        this.name = Objects.requireNonNull(name, "name");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.subscriptions = new SubscriptionSet(this, signal);
    }

    @Override
    public final AppendResult append(StreamId stream, ExpectedRevision expected, List<EventData> events) {
        List<String> metadata = checkAppend(stream, expected, events);
        return engine.append(stream, expected, List.copyOf(events), metadata);
    }

    /**
     * Queues the append for the writer and returns at once (waiting only while the write queue is
     * full). The writer completes its own future; the one returned is completed from a virtual
     * thread, so actions chained on it never hold up group commit, and may append again and wait.
     */
    @Override
    public final CompletableFuture<AppendResult> appendAsync(StreamId stream, ExpectedRevision expected,
            List<EventData> events) {
        CompletableFuture<AppendResult> handedOver = new CompletableFuture<>();
        try {
            List<String> metadata = checkAppend(stream, expected, events);
            engine.appendAsync(stream, expected, List.copyOf(events), metadata).whenCompleteAsync((result, error) -> {
                if (error == null) {
                    handedOver.complete(result);
                } else {
                    handedOver.completeExceptionally(error); // the writer's typed error, as it failed the request
                }
            }, HAND_OVER);
        } catch (RuntimeException e) {
            handedOver.completeExceptionally(e);
        }
        return handedOver;
    }

    /** Checks an append's arguments and that the store is open; returns each event's serialized metadata. */
    private List<String> checkAppend(StreamId stream, ExpectedRevision expected, List<EventData> events) {
        Objects.requireNonNull(expected, "expected");
        List<String> metadata = AppendValidation.validate(stream, events);
        checkOpen();
        return metadata;
    }

    @Override
    public final void delete(StreamId stream, ExpectedRevision expected, Deletion deletion) {
        Arguments.delete(stream, expected, deletion);
        checkOpen();
        engine.delete(stream, expected, deletion);
    }

    @Override
    public final List<RecordedEvent> readStream(StreamId stream, ReadDirection direction, long fromRevision,
            int limit) {
        Arguments.streamRead(stream, direction, fromRevision, limit);
        checkOpen();
        return engine.readStream(stream, direction, fromRevision, limit);
    }

    @Override
    public final List<RecordedEvent> readAll(Position after, LogFilter filter, int limit) {
        Arguments.logRead(after, filter, limit);
        checkOpen();
        return engine.readAll(after, filter, limit);
    }

    @Override
    public final Optional<RecordedEvent> readEvent(UUID id) {
        Objects.requireNonNull(id, "id");
        checkOpen();
        return engine.readEvent(id);
    }

    @Override
    public final Position head() {
        checkOpen();
        return engine.head();
    }

    @Override
    public final List<StreamSummary> listStreams(String prefix, String after, int limit) {
        Arguments.listing(prefix, after, limit);
        checkOpen();
        return engine.listStreams(prefix, after, limit);
    }

    @Override
    public final List<CategorySummary> listCategories(String after, int limit) {
        Arguments.listing("", after, limit);
        checkOpen();
        return engine.listCategories(after, limit);
    }

    @Override
    public final long countStreams(String prefix) {
        Arguments.listing(prefix, "", 1);
        checkOpen();
        return engine.countStreams(prefix);
    }

    @Override
    public final Subscription subscribe(Position after, LogFilter filter, EventHandler handler) {
        checkOpen();
        return subscriptions.start(after, filter, handler);
    }

    /**
     * Stops taking writes, commits those already queued, stops the subscriptions, closes the
     * engine and then what {@link #closeResources()} releases. Later calls raise
     * {@link StoreClosedException}; closing again does nothing.
     */
    @Override
    public final void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            try {
                subscriptions.closeAll();
            } finally {
                engine.close();
            }
        } finally {
            closeResources();
        }
    }

    /**
     * The hook for what a store holds beyond its engine (a connection pool it created, say):
     * released here once the engine is closed; runs once, even when closing the subscriptions or the
     * engine failed. Does nothing unless overridden.
     */
    protected void closeResources() {
    }

    /** Whether {@link #close()} has begun: for a store's own status methods, which answer even when closed. */
    protected final boolean isClosed() {
        return closed;
    }

    /**
     * Throws {@link StoreClosedException} once the store is closed: the first thing a store's own
     * methods beyond {@code EventStore} do (PostgreSQL's {@code appendInTransaction}, say).
     */
    protected final void checkOpen() {
        if (closed) {
            throw new StoreClosedException(name);
        }
    }
}
