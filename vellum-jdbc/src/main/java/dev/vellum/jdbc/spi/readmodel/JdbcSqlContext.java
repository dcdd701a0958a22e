package dev.vellum.jdbc.spi.readmodel;

import dev.vellum.jdbc.internal.readmodel.SqlNames;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.sql.SqlContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** The {@link SqlContext} of one projection version on one {@link SqlSession}. */
final class JdbcSqlContext implements SqlContext {

    private final ProjectionId projection;
    private final SqlSession session;

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
        return session.connection();
    }

    @Override
    public String table(String name) {
        return SqlNames.versioned(name, projection);
    }

    @Override
    public void createTable(String name, String definition) throws SQLException {
        session.createTable(projection, name, definition);
    }

    @Override
    public void execute(String sql) throws SQLException {
        try (Statement st = session.connection().createStatement()) {
            st.execute(SqlNames.resolve(sql, projection));
        }
    }

    @Override
    public PreparedStatement prepare(String sql) throws SQLException {
        return session.statements().prepare(projection, sql);
    }

    @Override
    public int update(String sql, Object... parameters) throws SQLException {
        PreparedStatement ps = prepare(sql);
        for (int i = 0; i < parameters.length; i++) {
            ps.setObject(i + 1, parameters[i]);
        }
        return ps.executeUpdate();
    }

    @Override
    public String toString() {
        return "SqlContext[" + projection + "]";
    }
}
