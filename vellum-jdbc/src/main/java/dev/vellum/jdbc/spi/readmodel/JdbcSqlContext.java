package dev.vellum.jdbc.spi.readmodel;

import dev.vellum.jdbc.internal.readmodel.SqlNames;
import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.projection.ProjectionException;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.sql.SqlContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@link SqlContext} of one projection version on one {@link SqlSession}, for one transaction:
 * it holds the rows {@link #batch} deferred until {@link #flush} runs them. Whoever commits the
 * transaction flushes first ({@link ReadModelTransaction} does).
 */
public final class JdbcSqlContext implements SqlContext {

    private final ProjectionId projection;
    private final SqlSession session;
    private PreparedStatement batched;
    private String batchedSql;
    private boolean flushFailed;

    /** The context of {@code projection}'s handler, running its statements in {@code session}. */
    public JdbcSqlContext(ProjectionId projection, SqlSession session) {
        this.projection = projection;
        this.session = session;
    }

    @Override
    public ProjectionId projection() {
        return projection;
    }

    @Override
    public Connection connection() {
        try {
            flush();
        } catch (SQLException e) {
            throw SqlFailures.translate("The batched rows of projection '" + projection + "' failed: " + e.getMessage(),
                    e, ProjectionException::new);
        }
        return session.connection();
    }

    @Override
    public String table(String name) {
        return SqlNames.versioned(name, projection);
    }

    @Override
    public void createTable(String name, String definition) throws SQLException {
        flush();
        session.createTable(projection, name, definition);
    }

    @Override
    public void execute(String sql) throws SQLException {
        flush();
        try (Statement st = session.connection().createStatement()) {
            st.execute(SqlNames.resolve(sql, projection));
        }
    }

    @Override
    public PreparedStatement prepare(String sql) throws SQLException {
        flush();
        return session.statements().prepare(projection, sql);
    }

    @Override
    public int update(String sql, Object... parameters) throws SQLException {
        PreparedStatement ps = prepare(sql);
        bind(ps, parameters);
        return ps.executeUpdate();
    }

    @Override
    public void batch(String sql, Object... parameters) throws SQLException {
        if (!sql.equals(batchedSql)) {
            flush();
            batched = session.statements().prepare(projection, sql);
            batchedSql = sql;
        }
        bind(batched, parameters);
        batched.addBatch();
    }

    /** Runs the rows {@link #batch} deferred, if any; a failure is remembered ({@link #flushFailed}). */
    public void flush() throws SQLException {
        if (batched == null) {
            return;
        }
        PreparedStatement ps = batched;
        batched = null;
        batchedSql = null;
        try {
            ps.executeBatch();
        } catch (SQLException | RuntimeException e) {
            flushFailed = true;
            throw e;
        }
    }

    /** Whether running deferred rows failed in this transaction. */
    public boolean flushFailed() {
        return flushFailed;
    }

    private static void bind(PreparedStatement ps, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            ps.setObject(i + 1, parameters[i]);
        }
    }

    @Override
    public String toString() {
        return "SqlContext[" + projection + "]";
    }
}
