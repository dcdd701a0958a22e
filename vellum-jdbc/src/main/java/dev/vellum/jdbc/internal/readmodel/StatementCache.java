package dev.vellum.jdbc.internal.readmodel;

import dev.vellum.projection.ProjectionId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The statements handlers prepared on one connection, by projection version and SQL text, so a
 * handler that runs the same statement for every event prepares it once. The least recently used
 * beyond {@value #MAX_STATEMENTS} are closed. One thread at a time (the connection's owner).
 */
public final class StatementCache implements AutoCloseable {

    private static final int MAX_STATEMENTS = 256;

    private record Key(ProjectionId projection, String sql) {
    }

    private final Connection connection;
    private final Map<Key, PreparedStatement> statements = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, PreparedStatement> eldest) {
            if (size() <= MAX_STATEMENTS) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    /** An empty cache of statements prepared on {@code connection} (whose owner closes it). */
    public StatementCache(Connection connection) {
        this.connection = connection;
    }

    /** The statement for {@code sql} (braces resolved for {@code projection}'s version), prepared on first use. */
    public PreparedStatement prepare(ProjectionId projection, String sql) throws SQLException {
        Key key = new Key(projection, sql);
        PreparedStatement ps = statements.get(key);
        if (ps == null) {
            ps = connection.prepareStatement(SqlNames.resolve(sql, projection));
            statements.put(key, ps);
        }
        return ps;
    }

    /** Closes the statements of {@code projection}, before its tables are dropped. */
    public void forget(ProjectionId projection) {
        statements.entrySet().removeIf(e -> {
            if (e.getKey().projection().equals(projection)) {
                closeQuietly(e.getValue());
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        statements.values().forEach(StatementCache::closeQuietly);
        statements.clear();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // nothing to do: it is being thrown away
        }
    }
}
