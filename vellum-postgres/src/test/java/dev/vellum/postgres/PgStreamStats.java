package dev.vellum.postgres;

import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.Projection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.store.RecordedEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * A test projection that shows any event applied twice, skipped or out of order: per stream it
 * counts events and chains a digest over their ids in order; a single row counts every event.
 * Nothing in it is idempotent. (The PostgreSQL twin of the SQLite tests' {@code StreamStats}.)
 */
final class PgStreamStats {

    private PgStreamStats() {
    }

    static Projection<SqlContext> projection(int version, int partitions, Predicate<RecordedEvent> poison, ErrorPolicy policy) {
        return Projection.builder("stream-stats", SqlContext.class)
                .version(version)
                .partitions(partitions)
                .errorPolicy(policy)
                .setup(sql -> {
                    sql.createTable("stream_stats", "(stream text PRIMARY KEY, events bigint NOT NULL,"
                            + " last_revision bigint NOT NULL, digest text NOT NULL)");
                    sql.createTable("event_totals", "(id integer PRIMARY KEY, events bigint NOT NULL)");
                    sql.execute("INSERT INTO {event_totals} (id, events) VALUES (1, 0)");
                })
                .handler((sql, event) -> apply(sql, event, poison))
                .build();
    }

    static Projection<SqlContext> projection() {
        return projection(1, 1, e -> false, ErrorPolicy.DEFAULT);
    }

    /** The same, held to about 20,000 events a second, so a crash test's kills land during the catch-up. */
    static Projection<SqlContext> throttled() {
        return projection(1, 1, event -> {
            if (event.position().value() % 20 == 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return false;
        }, ErrorPolicy.DEFAULT);
    }

    private static void apply(SqlContext sql, RecordedEvent event, Predicate<RecordedEvent> poison) throws Exception {
        sql.update("UPDATE {event_totals} SET events = events + 1 WHERE id = 1"); // written before failing: must roll back
        if (poison.test(event)) {
            throw new IllegalStateException("poison event at " + event.position());
        }
        PreparedStatement previous = sql.prepare("SELECT digest FROM {stream_stats} WHERE stream = ?");
        previous.setString(1, event.stream().value());
        String digest;
        try (ResultSet rs = previous.executeQuery()) {
            digest = rs.next() ? rs.getString(1) : "";
        }
        sql.update("INSERT INTO {stream_stats} AS s (stream, events, last_revision, digest) VALUES (?, 1, ?, ?)"
                + " ON CONFLICT (stream) DO UPDATE SET events = s.events + 1, last_revision = excluded.last_revision,"
                + " digest = excluded.digest", event.stream().value(), event.revision(), sha(digest + event.id()));
    }

    private static String sha(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of the plain view {@code stream_stats}, in stream order, as text. */
    static List<String> rows(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT stream, events, last_revision, digest FROM stream_stats"
                        + " ORDER BY stream COLLATE \"C\"")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getLong(3) + " " + rs.getString(4));
            }
        }
        return rows;
    }

    /** The total the single row counted. */
    static long total(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT events FROM event_totals")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
