package dev.vellum.sqlite.internal;

import dev.vellum.jdbc.spi.Dialect;
import java.sql.SQLException;

/**
 * SQLite's side of the shared JDBC code: plain table names, {@code recorded_at} kept as epoch
 * milliseconds, and no visibility condition on log reads, since the single writer hands out
 * positions in commit order.
 */
enum SqliteDialect implements Dialect {
    /** The only value. */
    INSTANCE;

    @Override
    public String table(String name) {
        return name;
    }

    @Override
    public String recordedAtMillis() {
        return "recorded_at";
    }

    /** Event ids are stored as their text. */
    @Override
    public String uuidParameter() {
        return "?";
    }

    @Override
    public String logVisibility() {
        return null;
    }

    /** The single writer never races another transaction, so nothing is a conflict to retry. */
    @Override
    public String categoryOf(String column) {
        return "CASE WHEN instr(%1$s, '-') > 0 THEN substr(%1$s, 1, instr(%1$s, '-') - 1) ELSE %1$s END".formatted(column);
    }

    @Override
    public boolean isConflict(SQLException e) {
        return false;
    }
}
