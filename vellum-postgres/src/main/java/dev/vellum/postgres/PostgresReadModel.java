package dev.vellum.postgres;

import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.jdbc.spi.readmodel.BookkeepingReads;
import dev.vellum.jdbc.spi.readmodel.ReadModelTransaction;
import dev.vellum.jdbc.spi.readmodel.SqlSession;
import dev.vellum.postgres.internal.PgReadModelSessions;
import dev.vellum.postgres.internal.PgReaders;
import dev.vellum.postgres.internal.SearchPath;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionException;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * SQL read models in PostgreSQL with their checkpoints beside them: a handler's writes and its
 * projection's checkpoint commit in one transaction per batch, so each event is applied exactly
 * once, across crashes too (guarantee 5).
 *
 * <pre>{@code
 * try (PostgresEventStore store = PostgresEventStore.open(dataSource);
 *      PostgresReadModel readModel = PostgresReadModel.open(readModelDataSource);
 *      ProjectionRunner runner = ProjectionRunner.create(store)) {
 *     runner.start(orderSummary, readModel);
 *     List<String> ids = JdbcClient.create(readModel.readers())   // or jdbi, jOOQ, plain JDBC
 *             .sql("SELECT id FROM order_summary").query(String.class).list();
 * }
 * }</pre>
 *
 * <p>Read-model tables, their views and the bookkeeping tables ({@code vellum_projection_*},
 * {@code vellum_parked_events}) are created in the schema given to {@link Builder#schema} (created
 * when missing), or else in the <b>current schema</b> of the data source's connections
 * ({@code currentSchema} in the JDBC URL or the role's {@code search_path}). With a schema given,
 * each connection this class takes has it first on its {@code search_path} while it holds it, and
 * gets its own path back before it returns to the pool. The same database as the event store is
 * fine and usual; the same schema too (names are checked).
 *
 * <p>Each concurrent unit of work (one per running projection and partition) holds one connection
 * of the data source while it runs, and keeps it for the next one; size the pool for that. The
 * data source is never closed by this class. Queries and the bookkeeping reads take connections of
 * their own ({@link #readers()}), never a writing one, so they never wait for a batch. Several
 * instances may share one schema, on one node or several; the runner keeps each projection version
 * running on one of them at a time only under a lease.
 */
public final class PostgresReadModel implements SqlReadModel, AutoCloseable {

    /** A read of the bookkeeping tables. */
    @FunctionalInterface
    private interface Read<T> {
        T run(Connection reader) throws SQLException;
    }

    private final PgReadModelSessions sessions;
    private final PgReaders readers;
    private volatile boolean closed;

    private PostgresReadModel(DataSource dataSource, SearchPath searchPath) {
        this.sessions = PgReadModelSessions.open(dataSource, searchPath);
        this.readers = new PgReaders(dataSource, searchPath, () -> closed);
    }

    /**
     * Opens the read models in the current schema of {@code dataSource}'s connections, creating the
     * bookkeeping tables when missing.
     *
     * @throws ProjectionException when the database cannot be reached or the tables cannot be created
     */
    public static PostgresReadModel open(DataSource dataSource) {
        return builder(dataSource).open();
    }

    /** Starts configuring read models on a data source of yours (pooled), which this class never closes. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** Always true: read models written through the {@link SqlContext} commit with the checkpoint. */
    @Override
    public boolean exactlyOnce() {
        return true;
    }

    @Override
    public Optional<Checkpoints> checkpoints(ProjectionId projection) {
        return read(c -> BookkeepingReads.checkpoints(c, projection));
    }

    @Override
    public Optional<ProjectionId> active(String name) {
        return read(c -> BookkeepingReads.active(c, name));
    }

    @Override
    public List<ParkedEvent> parkedEvents(ProjectionId projection) {
        return read(c -> BookkeepingReads.parkedEvents(c, projection));
    }

    /** Also the driver's errors that waiting can cure: a lost connection, a server restarting, a pool timeout. */
    @Override
    public boolean isTransient(Throwable error) {
        return SqlFailures.isTransientCause(error);
    }

    @Override
    public Transaction<SqlContext> begin(ProjectionId projection) {
        Objects.requireNonNull(projection, "projection");
        SqlSession session = sessions.borrow();
        return new ReadModelTransaction(projection, session, () -> sessions.giveBack(session));
    }

    /**
     * Read-only connections of the data source, apart from the ones projections write through;
     * tables are named by their plain names, and each statement sees one committed state (never
     * half a batch). Each connection is the caller's to close, which hands it back to the pool.
     */
    @Override
    public DataSource readers() {
        return readers;
    }

    private <T> T read(Read<T> read) {
        try (Connection c = readers.getConnection()) {
            return read.run(c);
        } catch (SQLException e) {
            throw SqlFailures.translate("Reading the projection tables failed: " + e.getMessage(), e,
                    ProjectionException::new);
        }
    }

    /**
     * Closes the connections this read model keeps. Stop the projections writing here first: their
     * next transaction fails with a {@link ProjectionException}.
     */
    @Override
    public void close() {
        closed = true;
        sessions.close();
    }

    /** Settings for {@link PostgresReadModel}; each has a sensible default. */
    public static final class Builder {

        private final DataSource dataSource;
        private SearchPath searchPath = SearchPath.asConfigured();

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * The schema the read models and their bookkeeping live in, created when missing; unless set,
         * the current schema of the data source's connections. 1-50 letters, digits or {@code _}, as
         * for the store's schema.
         *
         * @throws IllegalArgumentException when {@code name} is not such a name
         */
        public Builder schema(String name) {
            this.searchPath = SearchPath.schema(name);
            return this;
        }

        /**
         * Opens the read models, creating the bookkeeping tables (and the schema) when missing.
         *
         * @throws ProjectionException when the database cannot be reached or the tables cannot be created
         */
        public PostgresReadModel open() {
            return new PostgresReadModel(dataSource, searchPath);
        }
    }
}
