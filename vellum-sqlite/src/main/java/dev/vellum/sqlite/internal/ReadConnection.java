package dev.vellum.sqlite.internal;

import dev.vellum.jdbc.spi.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** One read connection with its prepared statements, used by one thread at a time. */
final class ReadConnection implements Statements, AutoCloseable {

    /** Enough for every query shape in use; the least recently used is closed beyond it. */
    private static final int MAX_STATEMENTS = 64;

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= MAX_STATEMENTS) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    ReadConnection(Connection connection) {
        this.connection = connection;
    }

    /** The prepared statement for {@code sql}, prepared on first use. */
    @Override
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    @Override
    public void close() {
        statements.values().forEach(ReadConnection::closeQuietly);
        statements.clear();
        SqliteConnections.closeQuietly(connection);
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // the connection closes next
        }
    }
}
