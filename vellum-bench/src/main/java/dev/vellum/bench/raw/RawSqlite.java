package dev.vellum.bench.raw;

import dev.vellum.bench.scenario.Synchronous;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens the raw baselines' database: plain sqlite-jdbc with the settings Vellum's SQLite store
 * gives its connections (WAL, the {@code synchronous} setting under test, its page cache size,
 * memory-mapped reads, no generated-key lookups) and a table of exactly the shape of Vellum's, so
 * the only difference left is Vellum's own code. Keep these in step with
 * {@code dev.vellum.sqlite.internal.SqliteConnections}.
 */
final class RawSqlite {

    /** The shape of Vellum's SQLite event table, indexes included. */
    private static final String[] SCHEMA = {
        "CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL,"
                + " category TEXT NOT NULL, type TEXT NOT NULL, event_id TEXT NOT NULL, data TEXT NOT NULL,"
                + " metadata TEXT, recorded_at INTEGER NOT NULL, UNIQUE (stream, revision))",
        "CREATE UNIQUE INDEX events_event_id ON events (event_id)",
        "CREATE INDEX events_category ON events (category, position)",
    };

    /** Vellum's writer cache: 64 MiB (negative means KiB). */
    private static final int WRITE_CACHE_KIB = -64 * 1024;

    /** Vellum's readers map this much of the file. */
    private static final long READ_MMAP_BYTES = 256L << 20;

    private RawSqlite() {
    }

    /** Creates the database in {@code directory} and returns a connection with auto-commit off. */
    static Connection create(Path directory, Synchronous synchronous) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("jdbc.get_generated_keys", "false");
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("raw.db"), properties);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=" + synchronous.name());
            statement.execute("PRAGMA cache_size=" + WRITE_CACHE_KIB);
            for (String ddl : SCHEMA) {
                statement.execute(ddl);
            }
        }
        connection.setAutoCommit(false);
        return connection;
    }

    /** Opens an existing database {@code file} with the settings of Vellum's read connections. */
    static Connection openForReading(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        prepareForReading(connection);
        return connection;
    }

    /** Gives {@code connection} the settings of Vellum's read connections and auto-commit. */
    static void prepareForReading(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA mmap_size=" + READ_MMAP_BYTES);
        }
    }
}
