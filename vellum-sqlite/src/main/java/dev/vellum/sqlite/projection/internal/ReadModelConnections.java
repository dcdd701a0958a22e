package dev.vellum.sqlite.projection.internal;

import dev.vellum.jdbc.spi.readmodel.ProjectionTables;
import dev.vellum.jdbc.spi.readmodel.ReadModelDialect;
import dev.vellum.store.VellumException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/** Opens connections to a SQLite database that holds read models: WAL mode, a busy timeout, the durability asked for. */
public final class ReadModelConnections {

    private static final int BUSY_TIMEOUT_MS = 10_000;
    private static final int CACHE_KIB = -64 * 1024;
    /**
     * Checkpoint the write-ahead log every 10,000 pages (40 MiB) instead of SQLite's 1,000: a
     * catch-up writes pages fast, and each checkpoint costs two fsyncs; fewer, larger ones copy
     * each page once however often it changed in between.
     */
    private static final int WAL_CHECKPOINT_PAGES = 10_000;

    /** The bookkeeping tables and the table look-up on SQLite. */
    public static final ReadModelDialect SQLITE = new ReadModelDialect(List.of("""
            CREATE TABLE IF NOT EXISTS vellum_projection_checkpoints (projection TEXT NOT NULL,
                version INTEGER NOT NULL, partition INTEGER NOT NULL, position INTEGER NOT NULL,
                updated_at INTEGER NOT NULL, PRIMARY KEY (projection, version, partition)) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS vellum_projection_active (projection TEXT PRIMARY KEY,
                version INTEGER NOT NULL, activated_at INTEGER NOT NULL) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS vellum_projection_tables (projection TEXT NOT NULL, version INTEGER NOT NULL,
                name TEXT NOT NULL, PRIMARY KEY (projection, version, name)) WITHOUT ROWID""", """
            CREATE TABLE IF NOT EXISTS vellum_parked_events (projection TEXT NOT NULL, version INTEGER NOT NULL,
                position INTEGER NOT NULL, stream TEXT NOT NULL, type TEXT NOT NULL, error TEXT NOT NULL,
                attempts INTEGER NOT NULL, parked_at INTEGER NOT NULL,
                PRIMARY KEY (projection, version, position)) WITHOUT ROWID"""),
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");

    private ReadModelConnections() {
    }

    /**
     * Opens a connection that writes read models and creates the bookkeeping tables when missing.
     * It is not in auto-commit mode: end each unit of work with {@code commit()} or {@code rollback()}.
     *
     * @param synchronous the {@code PRAGMA synchronous} value of the durability asked for
     *     ({@code Durability.pragmaValue()})
     * @throws VellumException when the file cannot be opened or SQLite refuses WAL mode
     */
    public static Connection openWriter(Path file, int synchronous) {
        Connection c = open(file);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = " + synchronous);
            st.execute("PRAGMA cache_size = " + CACHE_KIB);
            st.execute("PRAGMA wal_autocheckpoint = " + WAL_CHECKPOINT_PAGES);
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new VellumException("SQLite did not accept WAL mode for the read models in '" + file
                            + "'. Put the database on a local file system.");
                }
            }
            // transactions are JDBC's from here: sqlite-jdbc in auto-commit mode would try a BEGIN after every
            // statement of an explicit transaction, which costs a sixth of a projection's time
            c.setAutoCommit(false);
            ProjectionTables.create(c, SQLITE);
            c.commit();
            return c;
        } catch (SQLException | RuntimeException e) {
            close(c);
            throw e instanceof VellumException v ? v : failure(file, e);
        }
    }

    /** Opens a read-only connection. */
    public static Connection openReader(Path file) {
        Connection c = open(file);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            st.execute("PRAGMA query_only = 1");
            return c;
        } catch (SQLException e) {
            close(c);
            throw failure(file, e);
        }
    }

    private static Connection open(Path file) {
        try {
            Properties properties = new Properties();
            properties.setProperty("jdbc.get_generated_keys", "false"); // handlers' inserts never read keys back
            return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), properties);
        } catch (SQLException e) {
            throw failure(file, e);
        }
    }

    private static VellumException failure(Path file, Exception e) {
        return new VellumException("Could not open the SQLite read models in '" + file + "': " + e.getMessage()
                + ". Check that it is an SQLite database and that the directory is writable.", e);
    }

    public static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing after a failure: the first error is the one to report
        }
    }
}
