package dev.vellum.bench.raw;

import dev.vellum.bench.Synchronous;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens the raw baselines' database: plain sqlite-jdbc, the pragmas Vellum's SQLite store uses
 * (WAL, and the {@code synchronous} setting under test) and a table of exactly the shape of
 * Vellum's, so the only difference left is Vellum's own code.
 */
final class RawSqlite {

    /** The shape of Vellum's SQLite event table, indexes included. */
    static final String[] SCHEMA = {
        "CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL,"
                + " category TEXT NOT NULL, type TEXT NOT NULL, event_id TEXT NOT NULL, data TEXT NOT NULL,"
                + " metadata TEXT, recorded_at INTEGER NOT NULL, UNIQUE (stream, revision))",
        "CREATE UNIQUE INDEX events_event_id ON events (event_id)",
        "CREATE INDEX events_category ON events (category, position)",
    };

    private RawSqlite() {
    }

    /** Creates the database in {@code directory} and returns a connection with auto-commit off. */
    static Connection create(Path directory, Synchronous synchronous) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("raw.db"));
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=" + synchronous.name());
            for (String ddl : SCHEMA) {
                statement.execute(ddl);
            }
        }
        connection.setAutoCommit(false);
        return connection;
    }
}
