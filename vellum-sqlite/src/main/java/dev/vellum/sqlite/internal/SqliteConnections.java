package dev.vellum.sqlite.internal;

import dev.vellum.store.VellumException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Opens the store's connections to one database file, each with the settings its role needs. */
final class SqliteConnections {

    private static final int BUSY_TIMEOUT_MS = 10_000;
    private static final long READ_MMAP_BYTES = 256L << 20;
    /** Negative: KiB. Keeps the hot index pages (event ids, stream states) of a large log in memory. */
    private static final int WRITE_CACHE_KIB = -64 * 1024;

    private final Path file;
    private final String url;

    SqliteConnections(Path file) {
        this.file = file;
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /**
     * Opens the one write connection: WAL mode, the durability asked for, the schema migrated.
     * Reads both settings back and refuses to go on when SQLite did not take them, for example on
     * a file system where WAL is not possible.
     *
     * @param synchronous the {@code PRAGMA synchronous} value of the store's durability
     *     ({@code Durability.pragmaValue()})
     */
    Connection openWriter(int synchronous) {
        Connection c = open();
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = " + synchronous);
            st.execute("PRAGMA cache_size = " + WRITE_CACHE_KIB);
            WriterSettings applied = WriterSettings.read(c);
            if (!applied.isWal() || applied.synchronous() != synchronous) {
                throw new VellumException("SQLite did not accept the settings for '" + file + "': journal_mode is "
                        + applied.journalMode() + " (wanted wal), synchronous is " + applied.synchronous()
                        + " (wanted " + synchronous + "). Put the database on a local file system.");
            }
            Schema.migrate(c, file.toString());
            return c;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e instanceof VellumException v ? v : failure("prepare", e);
        }
    }

    /** Opens a read connection: refuses writes, maps the file for faster scans. */
    Connection openReader() {
        Connection c = open();
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            st.execute("PRAGMA query_only = 1");
            st.execute("PRAGMA mmap_size = " + READ_MMAP_BYTES);
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw failure("prepare a reader for", e);
        }
    }

    private Connection open() {
        Properties properties = new Properties();
        properties.setProperty("jdbc.get_generated_keys", "false"); // positions are assigned, never read back
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw failure("open", e);
        }
    }

    private VellumException failure(String what, Exception e) {
        return new VellumException("Could not " + what + " the SQLite event store '" + file + "': "
                + e.getMessage() + ". Check that it is an SQLite database written by Vellum and that the "
                + "directory is writable.", e);
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing after a failure: the first error is the one to report
        }
    }
}
