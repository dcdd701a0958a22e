package dev.vellum.postgres;

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
 * The test projection {@link StreamStatsProjection} in PostgreSQL's SQL (the twin of the SQLite tests' {@code StreamStats}).
 */
final class PgStreamStats {

    private static final StreamStatsProjection STATS = new StreamStatsProjection(
            "(stream text PRIMARY KEY, events bigint NOT NULL, last_revision bigint NOT NULL, digest text NOT NULL)",
            "(id integer PRIMARY KEY, events bigint NOT NULL)",
            "INSERT INTO {stream_stats} AS s (stream, events, last_revision, digest) VALUES (?, 1, ?, ?)"
                    + " ON CONFLICT (stream) DO UPDATE SET events = s.events + 1, last_revision = excluded.last_revision,"
                    + " digest = excluded.digest",
            "stream COLLATE \"C\"");

    private PgStreamStats() {
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
