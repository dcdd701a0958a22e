package dev.vellum.jdbc.spi;

import dev.vellum.store.AppendResult;
import dev.vellum.store.CategorySummary;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamSummary;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The part of a SQL store that knows its database: what {@link dev.vellum.jdbc.JdbcEventStore}
 * delegates to once it has checked the arguments and that the store is open. The writes go through
 * the store's group-commit writer (a {@link WriteQueue} of {@link WriteRequest}s, each answered with
 * its {@link WriteOutcome}); the reads through {@link EventQueries} and {@link CatalogQueries} with
 * the store's {@link Dialect}. SQLite's and PostgreSQL's engines implement it.
 *
 * <p>Every method gets arguments already checked, and must answer with the typed errors of
 * {@link dev.vellum.store} (never a bare {@link java.sql.SQLException}): {@link SqlFailures} tells
 * which driver errors mean the database is out of reach.
 */
public interface StoreEngine extends AutoCloseable {

    /**
     * Queues validated events for group commit; the future completes on the writer's thread once
     * the append has committed, or exceptionally with its typed error.
     */
    CompletableFuture<AppendResult> appendAsync(StreamId stream, ExpectedRevision expected, List<EventData> events,
            List<String> metadata);

    /** Appends validated events; returns once the append has committed. */
    default AppendResult append(StreamId stream, ExpectedRevision expected, List<EventData> events,
            List<String> metadata) {
        return await(appendAsync(stream, expected, events, metadata));
    }

    /** Deletes; returns once the deletion has committed. */
    void delete(StreamId stream, ExpectedRevision expected, Deletion deletion);

    /** Reads a stream; the arguments are checked. */
    List<RecordedEvent> readStream(StreamId stream, ReadDirection direction, long fromRevision, int limit);

    /** Reads the global log; the arguments are checked. */
    List<RecordedEvent> readAll(Position after, LogFilter filter, int limit);

    /** The event stored under {@code id}, or empty. */
    Optional<RecordedEvent> readEvent(UUID id);

    /** The last readable position. */
    Position head();

    /** See {@link dev.vellum.store.StreamCatalog#listStreams}; the arguments are checked. */
    List<StreamSummary> listStreams(String prefix, String after, int limit);

    /** See {@link dev.vellum.store.StreamCatalog#listCategories}; the arguments are checked. */
    List<CategorySummary> listCategories(String after, int limit);

    /** See {@link dev.vellum.store.StreamCatalog#countStreams}; the argument is checked. */
    long countStreams(String prefix);

    /** Finishes the queued writes, then releases what the engine holds. */
    @Override
    void close();

    /**
     * Waits for a write the engine queued, without giving up on interrupt (the write may commit, and
     * the caller must learn its outcome); a failure is rethrown as the typed exception the writer raised.
     */
    static <T> T await(CompletableFuture<T> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
