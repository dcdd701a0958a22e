package dev.vellum.postgres.internal;

import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.jdbc.spi.readmodel.ProjectionTables;
import dev.vellum.jdbc.spi.readmodel.ReadModelDialect;
import dev.vellum.jdbc.spi.readmodel.SqlSession;
import dev.vellum.projection.ProjectionException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.sql.DataSource;

/**
 * The connections a PostgreSQL read model writes through, each with its {@link SqlSession}
 * (bookkeeping statements, the handlers' statement cache). A session is borrowed for one unit of
 * work and handed back after its commit or rollback, so concurrent projections and partitions each
 * get their own transaction; idle sessions keep their connection and its prepared statements.
 */
public final class PgReadModelSessions implements AutoCloseable {

    /** The bookkeeping tables on PostgreSQL, in the connection's current schema. */
    private static final List<String> TABLES = List.of("""
            CREATE TABLE IF NOT EXISTS vellum_projection_checkpoints (projection text NOT NULL,
                version integer NOT NULL, partition integer NOT NULL, position bigint NOT NULL,
                updated_at bigint NOT NULL, PRIMARY KEY (projection, version, partition))""", """
            CREATE TABLE IF NOT EXISTS vellum_projection_active (projection text PRIMARY KEY,
                version integer NOT NULL, activated_at bigint NOT NULL)""", """
            CREATE TABLE IF NOT EXISTS vellum_projection_tables (projection text NOT NULL, version integer NOT NULL,
                name text NOT NULL, PRIMARY KEY (projection, version, name))""", """
            CREATE TABLE IF NOT EXISTS vellum_parked_events (projection text NOT NULL, version integer NOT NULL,
                position bigint NOT NULL, stream text NOT NULL, type text NOT NULL, error text NOT NULL,
                attempts integer NOT NULL, parked_at bigint NOT NULL, PRIMARY KEY (projection, version, position))""");

    private final DataSource dataSource;
    private final SearchPath searchPath;
    private final ReadModelDialect dialect;
    private final ConcurrentLinkedDeque<SqlSession> idle = new ConcurrentLinkedDeque<>();
    /** The search path each session's connection had before this read model put its schema first. */
    private final Map<SqlSession, Optional<String>> previousPaths = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private PgReadModelSessions(DataSource dataSource, SearchPath searchPath) {
        this.dataSource = dataSource;
        this.searchPath = searchPath;
        this.dialect = dialect(searchPath);
    }

    /**
     * The bookkeeping tables and the table look-up, in the current schema; with a schema given,
     * that schema is created first when missing.
     */
    private static ReadModelDialect dialect(SearchPath searchPath) {
        List<String> ddl = new ArrayList<>();
        // nodes opening at once would race on CREATE ... IF NOT EXISTS (a unique violation in the catalog)
        ddl.add(searchPath.schema()
                .map(s -> "SELECT pg_advisory_xact_lock(hashtext('" + s + "' || '.vellum_read_models'))")
                .orElse("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.vellum_read_models'))"));
        searchPath.schema().ifPresent(s -> ddl.add("CREATE SCHEMA IF NOT EXISTS " + s));
        ddl.addAll(TABLES);
        return new ReadModelDialect(ddl, "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?");
    }

    /**
     * Creates the bookkeeping tables (and the schema, when given) when missing, and keeps the
     * connection that did it as the first idle session.
     */
    public static PgReadModelSessions open(DataSource dataSource, SearchPath searchPath) {
        PgReadModelSessions sessions = new PgReadModelSessions(dataSource, searchPath);
        SqlSession first = sessions.borrow();
        try {
            ProjectionTables.create(first.connection(), sessions.dialect);
            first.commit();
        } catch (SQLException e) {
            sessions.discard(first);
            throw new ProjectionException("Could not create the projection tables in PostgreSQL: " + e.getMessage()
                    + " (the role needs CREATE on " + searchPath.schema().map(s -> "the database, to create schema " + s
                    + ", or on that schema").orElse("the connection's current schema") + ").", e);
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
        Optional<String> previous = Optional.empty();
        try {
            c = dataSource.getConnection();
            previous = searchPath.enter(c); // committed: a rollback of a unit of work must not undo it
            c.setAutoCommit(false);
            SqlSession fresh = new SqlSession(c, dialect);
            previousPaths.put(fresh, previous);
            return fresh;
        } catch (SQLException e) {
            if (c != null) {
                release(c, previous);
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

    private void discard(SqlSession session) {
        session.close();
        Optional<String> previous = previousPaths.remove(session);
        release(session.connection(), previous == null ? Optional.empty() : previous);
    }

    /** Rolls back, restores the search path {@code c} had, and hands it back to the pool. */
    private static void release(Connection c, Optional<String> previous) {
        try {
            c.rollback();
            SearchPath.leave(c, previous);
        } catch (SQLException ignored) {
            // a broken connection: the pool discards it
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
