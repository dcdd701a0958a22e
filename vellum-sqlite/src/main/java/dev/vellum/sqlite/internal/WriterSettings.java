package dev.vellum.sqlite.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The settings SQLite reports for the write connection, read back after they were set.
 *
 * @param journalMode {@code PRAGMA journal_mode}, {@code wal} for this store
 * @param synchronous {@code PRAGMA synchronous}: 2 for FULL, 1 for NORMAL
 */
public record WriterSettings(String journalMode, int synchronous) {

    /** True in WAL mode. */
    public boolean isWal() {
        return "wal".equalsIgnoreCase(journalMode);
    }

    static WriterSettings read(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            return new WriterSettings(pragma(st, "journal_mode"), Integer.parseInt(pragma(st, "synchronous")));
        }
    }

    private static String pragma(Statement st, String name) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
