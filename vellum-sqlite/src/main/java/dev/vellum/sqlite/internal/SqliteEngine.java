package dev.vellum.sqlite.internal;

import dev.vellum.jdbc.spi.CatalogQueries;
import dev.vellum.jdbc.spi.EventQueries;
import dev.vellum.jdbc.spi.StoreEngine;
import dev.vellum.jdbc.spi.WriteRequest;
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
import dev.vellum.store.VellumException;
import dev.vellum.store.spi.AppendSignal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The parts of an open SQLite store wired together: the file lock, the group-commit writer with
 * its connection, and the read pool. The public {@code SqliteEventStore} validates arguments and
 * delegates here.
 */
public final class SqliteEngine implements StoreEngine {

    private static final EventQueries QUERIES = new EventQueries(SqliteDialect.INSTANCE);
    private static final CatalogQueries CATALOG = new CatalogQueries(SqliteDialect.INSTANCE);

    private final DatabaseLock lock;
    private final GroupCommitWriter writer;
    private final ReadPool reads;
    private final WriterSettings settings;

    private SqliteEngine(DatabaseLock lock, GroupCommitWriter writer, ReadPool reads, WriterSettings settings) {
        this.lock = lock;
        this.writer = writer;
        this.reads = reads;
        this.settings = settings;
    }

    /**
     * Locks the file, opens and migrates the database, and starts the writer.
     *
     * @param synchronous the {@code PRAGMA synchronous} value of the store's durability
     * @param signal signalled after every commit
     * @param hook runs in each append's savepoint (inline projections)
     * @param inUse the error when another store instance or process has the file open
     */
    public static SqliteEngine open(Path file, int synchronous, int readConnections, int writeQueueCapacity,
            AppendSignal signal, AppendHook hook, Function<Path, ? extends RuntimeException> inUse) {
        String name = "'" + file + "'";
        DatabaseLock lock = DatabaseLock.acquire(file, inUse);
        GroupCommitWriter writer = null;
        try {
            SqliteConnections connections = new SqliteConnections(file);
            Connection connection = connections.openWriter(synchronous);
            WriterSettings settings;
            try {
                settings = WriterSettings.read(connection);
                writer = new GroupCommitWriter(name, connection, signal, writeQueueCapacity, hook);
            } catch (SQLException e) {
                SqliteConnections.closeQuietly(connection);
                throw new VellumException("Could not prepare the writer of " + name + ": " + e.getMessage(), e);
            }
            return new SqliteEngine(lock, writer, new ReadPool(name, connections, readConnections), settings);
        } catch (RuntimeException e) {
            if (writer != null) {
                writer.close();
            }
            lock.close();
            throw e;
        }
    }

    @Override
    public CompletableFuture<AppendResult> appendAsync(StreamId stream, ExpectedRevision expected,
            List<EventData> events, List<String> metadata) {
        CompletableFuture<AppendResult> result = new CompletableFuture<>();
        writer.submit(new WriterJob.Request(new WriteRequest.Append(stream, expected, events, metadata, result)));
        return result;
    }

    /** Deletes; returns once the deletion has committed. */
    public void delete(StreamId stream, ExpectedRevision expected, Deletion deletion) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        writer.submit(new WriterJob.Request(new WriteRequest.Delete(stream, expected, deletion, result)));
        StoreEngine.await(result);
    }

    /** Runs {@code task} on the write connection in the next group commit; returns once committed. */
    <T> T write(WriterTask<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        writer.submit(new WriterJob.Task<>(task, result));
        return StoreEngine.await(result);
    }

    /** Runs {@code read} on a pooled read connection. */
    <T> T read(ReadPool.Read<T> read) {
        return reads.read(read);
    }

    /** Reads a stream; the arguments are checked. */
    public List<RecordedEvent> readStream(StreamId stream, ReadDirection direction, long fromRevision, int limit) {
        return reads.read(c -> QUERIES.readStream(c, stream, direction, fromRevision, limit));
    }

    /** Reads the global log; the arguments are checked. */
    public List<RecordedEvent> readAll(Position after, LogFilter filter, int limit) {
        return reads.read(c -> QUERIES.readAll(c, after, filter, limit));
    }

    /** The event stored under {@code id}, or empty. */
    public Optional<RecordedEvent> readEvent(UUID id) {
        return reads.read(c -> QUERIES.readEvent(c, id));
    }

    /** The last committed position. */
    public Position head() {
        return reads.read(QUERIES::head);
    }

    @Override
    public List<StreamSummary> listStreams(String prefix, String after, int limit) {
        return reads.read(c -> CATALOG.listStreams(c, prefix, after, limit));
    }

    @Override
    public long countStreams(String prefix) {
        return reads.read(c -> CATALOG.countStreams(c, prefix));
    }

    @Override
    public List<CategorySummary> listCategories(String after, int limit) {
        return reads.read(c -> CATALOG.listCategories(c, after, limit));
    }

    /** The durability and journal settings SQLite reported for the write connection. */
    public WriterSettings writerSettings() {
        return settings;
    }

    /** How many write transactions have committed since opening. */
    public long commits() {
        return writer.commits();
    }

    /** Finishes the queued writes, then closes the connections and releases the file lock. */
    @Override
    public void close() {
        try {
            writer.close();
            reads.close();
        } finally {
            lock.close();
        }
    }
}
