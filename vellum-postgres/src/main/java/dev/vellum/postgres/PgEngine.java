package dev.vellum.postgres;

import dev.vellum.jdbc.spi.CatalogQueries;
import dev.vellum.jdbc.spi.EventQueries;
import dev.vellum.jdbc.spi.StoreEngine;
import dev.vellum.jdbc.spi.WriteRequest;
import dev.vellum.postgres.internal.PgConnections;
import dev.vellum.postgres.internal.PgDialect;
import dev.vellum.postgres.internal.PgNotifier;
import dev.vellum.postgres.internal.PgReads;
import dev.vellum.postgres.internal.PgSnapshotStore;
import dev.vellum.postgres.internal.PgStreamReads;
import dev.vellum.postgres.internal.PgWriter;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * The parts of an open PostgreSQL store wired together: the schema check, the group-commit
 * writers, the reads and the listener. The public {@code PostgresEventStore} validates arguments
 * and delegates here.
 */
final class PgEngine implements StoreEngine {

    private final String name;
    private final DataSource dataSource;
    private final PgDialect dialect;
    private final EventQueries queries;
    private final PgStreamReads streamReads;
    private final CatalogQueries catalog;
    private final PgReads reads;
    private final PgWriter writer;
    private final PgNotifier notifier;
    private final PgTransactionalAppend transactional;
    private final String lagQuery;

    private PgEngine(String name, PgConnections dataSource, PgDialect dialect, AppendSignal signal, Clock clock,
            int writers, int queueCapacity) {
        this.name = name;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.queries = new EventQueries(dialect);
        this.streamReads = new PgStreamReads(dialect);
        this.catalog = new CatalogQueries(dialect);
        this.reads = new PgReads(name, dataSource.unchecked());
        this.writer = new PgWriter(name, dataSource, dialect, signal, clock, writers, queueCapacity);
        this.notifier = new PgNotifier(dataSource, dialect, signal, this::head);
        this.transactional = new PgTransactionalAppend(name, dialect, clock);
        String events = dialect.table("events");
        this.lagQuery = "WITH r AS (SELECT coalesce(max(position), 0) AS p FROM " + events + " WHERE "
                + dialect.logVisibility() + ") SELECT r.p, (SELECT coalesce(max(position), 0) FROM " + events
                + "), (SELECT count(*) FROM " + events + " e WHERE e.position > r.p),"
                + " (SELECT coalesce(extract(epoch FROM now() - min(xact_start)) * 1000, 0)::bigint"
                + " FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()) FROM r";
    }

    /**
     * Checks the server, creates or validates the schema, and starts the writers and the listener.
     *
     * @param name the store's name for messages
     * @param signal raised whenever new events may have become readable
     * @param networkTimeout how long each connection waits for the server's answer ({@link PgConnections})
     */
    public static PgEngine open(String name, DataSource dataSource, String schema, SchemaMode mode, AppendSignal signal,
            Clock clock, int writers, int queueCapacity, Duration networkTimeout) {
        PgDialect dialect = new PgDialect(schema);
        try (Connection c = dataSource.getConnection()) {
            PgSchema.prepare(c, dialect, mode);
        } catch (SQLException e) {
            throw new VellumException("Could not open the PostgreSQL event store " + name + ": " + e.getMessage()
                    + ". Check the connection settings and that the role may use schema " + dialect.quoted() + ".", e);
        }
        PgEngine engine = new PgEngine(name, new PgConnections(dataSource, networkTimeout), dialect, signal, clock,
                writers, queueCapacity);
        try {
            engine.notifier.start();
        } catch (SQLException e) {
            engine.writer.close();
            throw new VellumException("Could not listen for appends to " + name + ": " + e.getMessage(), e);
        }
        return engine;
    }

    @Override
    public CompletableFuture<AppendResult> appendAsync(StreamId stream, ExpectedRevision expected,
            List<EventData> events, List<String> metadata) {
        CompletableFuture<AppendResult> result = new CompletableFuture<>();
        writer.submit(new WriteRequest.Append(stream, expected, events, metadata, result));
        return result;
    }

    /** Appends validated events in the caller's open transaction on {@code c}; the caller commits. */
    public AppendResult appendInTransaction(Connection c, StreamId stream, ExpectedRevision expected,
            List<EventData> events, List<String> metadata) {
        return transactional.append(c, stream, expected, events, metadata);
    }

    /** Deletes through the writer; returns once committed. */
    public void delete(StreamId stream, ExpectedRevision expected, Deletion deletion) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        writer.submit(new WriteRequest.Delete(stream, expected, deletion, result));
        StoreEngine.await(result);
    }

    /** Reads a stream; the arguments are checked. */
    public List<RecordedEvent> readStream(StreamId stream, ReadDirection direction, long fromRevision, int limit) {
        return reads.read(c -> streamReads.read(c, stream, direction, fromRevision, limit));
    }

    /** Reads the global log below the watermark; the arguments are checked. */
    public List<RecordedEvent> readAll(Position after, LogFilter filter, int limit) {
        return reads.read(c -> queries.readAll(c, after, filter, limit));
    }

    /**
     * The event stored under {@code id}, or empty: any committed event, with no watermark, so an
     * append is found as soon as it returned.
     */
    public Optional<RecordedEvent> readEvent(UUID id) {
        return reads.read(c -> queries.readEvent(c, id));
    }

    /** The last readable position. */
    public Position head() {
        return reads.read(queries::head);
    }

    @Override
    public List<StreamSummary> listStreams(String prefix, String after, int limit) {
        return reads.read(c -> catalog.listStreams(c, prefix, after, limit));
    }

    @Override
    public long countStreams(String prefix) {
        return reads.read(c -> catalog.countStreams(c, prefix));
    }

    @Override
    public List<CategorySummary> listCategories(String after, int limit) {
        return reads.read(c -> catalog.listCategories(c, after, limit));
    }

    /** How far the readable log trails what committed. */
    public WatermarkLag lag() {
        return reads.read(c -> {
            try (ResultSet rs = c.prepare(lagQuery).executeQuery()) {
                rs.next();
                long waiting = rs.getLong(3);
                return new WatermarkLag(Position.of(rs.getLong(1)), Position.of(rs.getLong(2)), waiting,
                        waiting == 0 ? Duration.ZERO : Duration.ofMillis(rs.getLong(4)));
            }
        });
    }

    /**
     * The snapshot store in this store's schema.
     *
     * @param closed true once the store is closed; the snapshot store then refuses every call
     */
    public PgSnapshotStore snapshots(BooleanSupplier closed) {
        return new PgSnapshotStore(name, dataSource, dialect, closed);
    }

    /** How many write transactions the writers committed. */
    public long commits() {
        return writer.commits();
    }

    /** The schema the tables live in. */
    public String schema() {
        return dialect.schema();
    }

    /** Finishes the queued writes, then stops listening. */
    @Override
    public void close() {
        try {
            writer.close();
        } finally {
            notifier.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
