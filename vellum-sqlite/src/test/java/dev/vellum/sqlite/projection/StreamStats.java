package dev.vellum.sqlite.projection;

import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.Projection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.tck.StreamStatsProjection;
import dev.vellum.retry.Retries;
import dev.vellum.store.RecordedEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Predicate;

/**
 * The test projection {@link StreamStatsProjection} in SQLite's SQL.
 */
final class StreamStats {

    private static final StreamStatsProjection STATS = new StreamStatsProjection(
            "(stream TEXT PRIMARY KEY, events INTEGER NOT NULL, last_revision INTEGER NOT NULL, digest TEXT NOT NULL) WITHOUT ROWID",
            "(id INTEGER PRIMARY KEY, events INTEGER NOT NULL)",
            "INSERT INTO {stream_stats} (stream, events, last_revision, digest) VALUES (?, 1, ?, ?)"
                    + " ON CONFLICT (stream) DO UPDATE SET events = events + 1, last_revision = excluded.last_revision,"
                    + " digest = excluded.digest",
            "stream");

    private StreamStats() {
    }

    static Projection<SqlContext> projection(int version, int partitions, Predicate<RecordedEvent> poison, Retries retries, ErrorPolicy policy) {
        return STATS.projection(version, partitions, poison, retries, policy);
    }

    static Projection<SqlContext> projection() {
        return STATS.projection();
    }

    /** See {@link StreamStatsProjection#throttled()}. */
    static Projection<SqlContext> throttled() {
        return STATS.throttled();
    }

    /** Every row of the plain view {@code stream_stats}, in stream order, as text. */
    static List<String> rows(Connection c) throws SQLException {
        return STATS.rows(c);
    }

    /** The total the single row counted. */
    static long total(Connection c) throws SQLException {
        return STATS.total(c);
    }
}
