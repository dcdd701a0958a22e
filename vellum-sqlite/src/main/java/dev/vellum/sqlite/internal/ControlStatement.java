package dev.vellum.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A transaction-control statement of the writer ({@code BEGIN}, {@code COMMIT}, a savepoint),
 * prepared once, and prepared afresh after it failed: sqlite-jdbc leaves a statement whose step failed
 * with some errors (a {@code COMMIT} that met {@code SQLITE_FULL}) unusable, and every later batch
 * would otherwise fail with "statement is not executing", even after space was freed. Closing the
 * writer's connection closes it.
 */
final class ControlStatement {

    private final Connection connection;
    private final String sql;
    private PreparedStatement statement; // null after a failure, until the next execute

    ControlStatement(Connection connection, String sql) throws SQLException {
        this.connection = connection;
        this.sql = sql;
        this.statement = connection.prepareStatement(sql);
    }

    void execute() throws SQLException {
        if (statement == null) {
            statement = connection.prepareStatement(sql);
        }
        try {
            statement.execute();
        } catch (SQLException e) {
            PreparedStatement failed = statement;
            statement = null;
            try {
                failed.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
