package dev.vellum.jdbc.spi;

import dev.vellum.store.StreamId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * An in-memory SQLite database with the {@code events} and {@code streams} tables in the stores'
 * shape, whose rows the tests write by hand: event {@code n} (1-based position) has the id
 * {@code new UUID(0, n)}, the data {@code {"n":n}} and was recorded at {@code n} seconds.
 */
final class TestDatabase implements AutoCloseable {

    private final Connection connection;
    private long nextPosition = 1;

    TestDatabase() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        execute("CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL,"
                + " category TEXT NOT NULL, type TEXT NOT NULL, event_id TEXT NOT NULL, data TEXT NOT NULL,"
                + " metadata TEXT, recorded_at INTEGER NOT NULL)");
        execute("CREATE TABLE streams (stream TEXT PRIMARY KEY, last_revision INTEGER NOT NULL,"
                + " readable_from INTEGER NOT NULL, soft_deleted INTEGER NOT NULL, tombstoned INTEGER NOT NULL)");
    }

    /** Prepares afresh on every call; the statements close with the connection. */
    Statements statements() {
        return connection::prepareStatement;
    }

    void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    void event(String stream, long revision, String type, String metadata) throws SQLException {
        long position = nextPosition++;
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, position);
            ps.setString(2, stream);
            ps.setLong(3, revision);
            ps.setString(4, StreamId.of(stream).category());
            ps.setString(5, type);
            ps.setString(6, new UUID(0, position).toString());
            ps.setString(7, "{\"n\":" + position + "}");
            ps.setString(8, metadata);
            ps.setLong(9, position * 1_000);
            ps.executeUpdate();
        }
    }

    void stream(String stream, long last, long readableFrom, boolean softDeleted, boolean tombstoned)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO streams VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, stream);
            ps.setLong(2, last);
            ps.setLong(3, readableFrom);
            ps.setBoolean(4, softDeleted);
            ps.setBoolean(5, tombstoned);
            ps.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** SQLite's shape of the tables, with a log visibility condition of the test's choosing ({@code null}: none). */
    record TestDialect(String logVisibility) implements Dialect {

        @Override
        public String table(String name) {
            return name;
        }

        @Override
        public String recordedAtMillis() {
            return "recorded_at";
        }

        @Override
        public String uuidParameter() {
            return "?";
        }

        @Override
        public String categoryOf(String column) {
            return "CASE WHEN instr(%1$s, '-') > 0 THEN substr(%1$s, 1, instr(%1$s, '-') - 1) ELSE %1$s END"
                    .formatted(column);
        }

        @Override
        public boolean isConflict(SQLException e) {
            return false;
        }
    }
}
