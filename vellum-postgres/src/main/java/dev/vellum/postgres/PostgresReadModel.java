package dev.vellum.postgres;

import dev.vellum.jdbc.internal.SqlFailures;
import dev.vellum.jdbc.internal.readmodel.ProjectionTables;
import dev.vellum.jdbc.internal.readmodel.ReadModelTransaction;
import dev.vellum.jdbc.internal.readmodel.SqlSession;
import dev.vellum.postgres.internal.PgReadModelSessions;
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
import java.util.OptionalInt;
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
 *     try (Connection c = readModel.openReader()) { ... SELECT * FROM order_summary ... }
 * }
 * }</pre>
 *
 * <p>Read-model tables, their views and the bookkeeping tables ({@code vellum_projection_*},
 * {@code vellum_parked_events}) are created in the <b>current schema</b> of the data source's
 * connections: set it with {@code currentSchema} in the JDBC URL or the role's {@code search_path}.
 * The same database as the event store is fine and usual; the same schema too (names are checked).
 *
 * <p>Each concurrent unit of work (one per running projection and partition) holds one connection
 * of the data source while it runs, and keeps it for the next one; size the pool for that. The
 * data source is never closed by this class. Several instances may share one schema, on one node
 * or several; the runner keeps each projection version running on one of them at a time only
 * under a lease.
 */
public final class PostgresReadModel implements SqlReadModel, AutoCloseable {

    /** A read of the bookkeeping tables. */
    @FunctionalInterface
    private interface Read<T> {
        T run(ProjectionTables tables) throws SQLException;
    }

    private final DataSource dataSource;
    private final PgReadModelSessions sessions;

    private PostgresReadModel(DataSource dataSource) {
        this.dataSource = dataSource;
        this.sessions = PgReadModelSessions.open(dataSource);
    }

    /**
     * Opens the read models in the current schema of {@code dataSource}'s connections, creating the
     * bookkeeping tables when missing.
     *
     * @throws ProjectionException when the database cannot be reached or the tables cannot be created
     */
    public static PostgresReadModel open(DataSource dataSource) {
        return new PostgresReadModel(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** Always true: read models written through the {@link SqlContext} commit with the checkpoint. */
    @Override
    public boolean exactlyOnce() {
        return true;
    }

    @Override
    public Optional<Checkpoints> checkpoints(ProjectionId projection) {
        return read(tables -> tables.checkpoints(projection));
    }

    @Override
    public OptionalInt activeVersion(String name) {
        return read(tables -> tables.activeVersion(name));
    }

    @Override
    public List<ParkedEvent> parkedEvents(ProjectionId projection) {
        return read(tables -> tables.parkedEvents(projection));
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
     * Opens a read-only connection of the data source; close it when done. Tables are named by their
     * plain names; each statement sees one committed state (never half a batch).
     */
    @Override
    public Connection openReader() {
        try {
            Connection c = dataSource.getConnection();
            c.setReadOnly(true);
            return c;
        } catch (SQLException e) {
            throw SqlFailures.translate("Could not open a reader on the PostgreSQL read models: " + e.getMessage(), e,
                    ProjectionException::new);
        }
    }

    private <T> T read(Read<T> read) {
        SqlSession session = sessions.borrow();
        try {
            T result = read.run(session.tables());
            session.rollback();
            return result;
        } catch (SQLException e) {
            try {
                session.rollback();
            } catch (SQLException ignored) {
                // the session is checked when given back
            }
            throw SqlFailures.translate("Reading the projection tables failed: " + e.getMessage(), e,
                    ProjectionException::new);
        } finally {
            sessions.giveBack(session);
        }
    }

    /**
     * Closes the connections this read model keeps. Stop the projections writing here first: their
     * next transaction fails with a {@link ProjectionException}.
     */
    @Override
    public void close() {
        sessions.close();
    }
}
