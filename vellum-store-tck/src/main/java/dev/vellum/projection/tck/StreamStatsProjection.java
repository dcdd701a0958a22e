package dev.vellum.projection.tck;

import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.Projection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.retry.Retries;
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
 * Nothing in it is idempotent. A store's tests make one with the SQL their database speaks for
 * the tables and the upsert; everything else is shared.
 *
 * @param statsColumns the column list of {@code stream_stats}, in parentheses, and any table options:
 *     {@code stream} (text, the primary key), {@code events}, {@code last_revision} (integers) and
 *     {@code digest} (text), all not null
 * @param totalsColumns the column list of {@code event_totals}: {@code id} (the integer primary key)
 *     and {@code events} (integer, not null)
 * @param upsert inserts a row into {@code {stream_stats}} with parameters stream, last revision and
 *     digest and {@code events} 1, or on conflict adds 1 to {@code events} and takes the new
 *     revision and digest
 * @param streamOrder how {@link #rows} orders the streams, for example {@code stream COLLATE "C"}
 */
public record StreamStatsProjection(String statsColumns, String totalsColumns, String upsert, String streamOrder) {

    /** The projection {@code stream-stats}; events {@code poison} accepts fail their handler. */
    public Projection<SqlContext> projection(int version, int partitions, Predicate<RecordedEvent> poison,
            Retries retries, ErrorPolicy policy) {
        return Projection.builder("stream-stats", SqlContext.class)
                .version(version)
                .partitions(partitions)
                .retries(retries).errorPolicy(policy)
                .setup(sql -> {
                    sql.createTable("stream_stats", statsColumns);
                    sql.createTable("event_totals", totalsColumns);
                    sql.execute("INSERT INTO {event_totals} (id, events) VALUES (1, 0)");
                })
                .handler((sql, event) -> apply(sql, event, poison))
                .build();
    }

    /** Version 1, one partition, no poison, the default error policy. */
    public Projection<SqlContext> projection() {
        return projection(1, 1, e -> false, Projection.DEFAULT_RETRIES, ErrorPolicy.STOP);
    }

    /**
     * The same projection, held to at most about 20,000 events a second (a 1 ms pause every 20
     * events), so a crash test's kills land during the catch-up however fast the machine is.
     */
    public Projection<SqlContext> throttled() {
        return projection(1, 1, event -> {
            if (event.position().value() % 20 == 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return false;
        }, Projection.DEFAULT_RETRIES, ErrorPolicy.STOP);
    }

    private void apply(SqlContext sql, RecordedEvent event, Predicate<RecordedEvent> poison) throws Exception {
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
        sql.update(upsert, event.stream().value(), event.revision(), sha(digest + event.id()));
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
    public List<String> rows(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT stream, events, last_revision, digest FROM stream_stats"
                        + " ORDER BY " + streamOrder)) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getLong(3) + " " + rs.getString(4));
            }
        }
        return rows;
    }

    /** The total the single row counted. */
    public long total(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT events FROM event_totals")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
