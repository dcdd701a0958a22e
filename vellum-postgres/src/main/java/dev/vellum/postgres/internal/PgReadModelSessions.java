package dev.vellum.postgres.internal;

import dev.vellum.jdbc.internal.SqlFailures;
import dev.vellum.jdbc.internal.readmodel.ProjectionTables;
import dev.vellum.jdbc.internal.readmodel.ReadModelDialect;
import dev.vellum.jdbc.internal.readmodel.SqlSession;
import dev.vellum.projection.ProjectionException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.sql.DataSource;

/**
 * The connections a PostgreSQL read model writes through, each with its {@link SqlSession}
 * (bookkeeping statements, the handlers' statement cache). A session is borrowed for one unit of
 * work and handed back after its commit or rollback, so concurrent projections and partitions each
 * get their own transaction; idle sessions keep their connection and its prepared statements.
 */
public final class PgReadModelSessions implements AutoCloseable {

    /** The bookkeeping tables and the table look-up on PostgreSQL, in the connection's current schema. */
    public static final ReadModelDialect POSTGRES = new ReadModelDialect(List.of(
            // nodes opening at once would race on CREATE TABLE IF NOT EXISTS (a unique violation in pg_type)
            "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.vellum_read_models'))", """
            CREATE TABLE IF NOT EXISTS vellum_projection_checkpoints (projection text NOT NULL,
                version integer NOT NULL, partition integer NOT NULL, position bigint NOT NULL,
                updated_at bigint NOT NULL, PRIMARY KEY (projection, version, partition))""", """
            CREATE TABLE IF NOT EXISTS vellum_projection_active (projection text PRIMARY KEY,
                version integer NOT NULL, activated_at bigint NOT NULL)""", """
            CREATE TABLE IF NOT EXISTS vellum_projection_tables (projection text NOT NULL, version integer NOT NULL,
                name text NOT NULL, PRIMARY KEY (projection, version, name))""", """
            CREATE TABLE IF NOT EXISTS vellum_parked_events (projection text NOT NULL, version integer NOT NULL,
                position bigint NOT NULL, stream text NOT NULL, type text NOT NULL, error text NOT NULL,
                attempts integer NOT NULL, parked_at bigint NOT NULL, PRIMARY KEY (projection, version, position))"""),
            "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?");

    private final DataSource dataSource;
    private final ConcurrentLinkedDeque<SqlSession> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    private PgReadModelSessions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the bookkeeping tables when missing and keeps the connection that did it as the first idle session. */
    public static PgReadModelSessions open(DataSource dataSource) {
        PgReadModelSessions sessions = new PgReadModelSessions(dataSource);
        SqlSession first = sessions.borrow();
        try {
            ProjectionTables.create(first.connection(), POSTGRES);
            first.commit();
        } catch (SQLException e) {
            discard(first);
            throw new ProjectionException("Could not create the projection tables in PostgreSQL: " + e.getMessage()
                    + " (the role needs CREATE on the connection's current schema).", e);
        }
        sessions.giveBack(first);
        return sessions;
    }

    /** An idle session, or a new one on a new connection; it is in a transaction until committed or rolled back. */
    public SqlSession borrow() {
        if (closed) {
            throw new ProjectionException("The PostgreSQL read models are closed: open them again.");
        }
        SqlSession session = idle.pollFirst();
        if (session != null) {
            return session;
        }
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            return new SqlSession(c, POSTGRES);
        } catch (SQLException e) {
            if (c != null) {
                closeQuietly(c);
            }
            throw SqlFailures.translate("Could not get a connection for the PostgreSQL read models: " + e.getMessage(), e,
                    ProjectionException::new);
        }
    }

    /** Takes back a session whose unit of work ended; a broken one is closed instead. */
    public void giveBack(SqlSession session) {
        boolean usable;
        try {
            usable = !closed && !session.connection().isClosed();
        } catch (SQLException e) {
            usable = false;
        }
        if (usable) {
            idle.offerFirst(session);
            if (closed && idle.remove(session)) {
                discard(session);
            }
        } else {
            discard(session);
        }
    }

    private static void discard(SqlSession session) {
        session.close();
        closeQuietly(session.connection());
    }

    private static void closeQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // closing it anyway
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // a broken connection: nothing more to release
        }
    }

    /** Closes the idle sessions; sessions still borrowed are closed when given back. */
    @Override
    public void close() {
        closed = true;
        for (SqlSession s = idle.pollFirst(); s != null; s = idle.pollFirst()) {
            discard(s);
        }
    }
}
