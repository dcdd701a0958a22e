package dev.vellum.postgres.internal;

import dev.vellum.jdbc.internal.StreamStateRows;
import dev.vellum.jdbc.internal.WriteRequest;
import dev.vellum.postgres.internal.BatchPlan.Change;
import dev.vellum.postgres.internal.BatchPlan.Row;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.internal.Idempotency;
import dev.vellum.store.internal.StreamState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs one batch of writes inside a transaction the caller opened, in a fixed number of statements
 * whatever its size: load the states of its streams and look up its event ids, decide every
 * request in memory ({@link BatchPlan}), reserve positions, insert all events, write the changed
 * states. A concurrent writer that got in first shows up as a unique violation, a changed state
 * row or a deadlock, all raised as an {@link SQLException} the dialect calls a conflict: the caller
 * rolls back and runs the batch again, and the second run sees the winner's writes.
 */
final class PgBatch {

    /** A stream state row that changed since the batch loaded it: another writer got in first. */
    private static final String LOST_RACE = "40001";

    private final String loadStates;
    private final String findIds;
    private final String reserve;
    private final String insertEvents;
    private final String insertStates;
    private final String updateStates;

    PgBatch(PgDialect d) {
        loadStates = "SELECT stream, " + StreamStateRows.COLUMNS + " FROM " + d.table("streams")
                + " WHERE stream = ANY(?)";
        findIds = "SELECT event_id, stream, revision, position FROM " + d.table("events") + " WHERE event_id = ANY(?)";
        reserve = "SELECT tx, last FROM " + d.quoted() + ".reserve_positions(?)";
        insertEvents = "INSERT INTO " + d.table("events")
                + " (position, tx, stream, revision, category, type, event_id, data, metadata, recorded_at)"
                + " SELECT p, ?, s, r, c, t, i, d, m, ? FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[],"
                + " ?::text[], ?::uuid[], ?::text[], ?::text[]) AS u(p, s, r, c, t, i, d, m)";
        insertStates = "INSERT INTO " + d.table("streams") + " (stream, " + StreamStateRows.COLUMNS + ")"
                + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::boolean[], ?::boolean[])";
        updateStates = "UPDATE " + d.table("streams") + " AS s SET last_revision = u.lr, readable_from = u.rf,"
                + " soft_deleted = u.sd, tombstoned = u.tb FROM unnest(?::text[], ?::bigint[], ?::bigint[],"
                + " ?::boolean[], ?::boolean[], ?::bigint[], ?::bigint[], ?::boolean[], ?::boolean[])"
                + " AS u(stream, lr, rf, sd, tb, olr, orf, osd, otb) WHERE s.stream = u.stream"
                + " AND s.last_revision = u.olr AND s.readable_from = u.orf AND s.soft_deleted = u.osd"
                + " AND s.tombstoned = u.otb";
    }

    /**
     * Writes {@code requests} in {@code c}'s current transaction; the caller commits.
     *
     * @return per request: an {@link AppendResult}, {@code null} for a deletion, or the
     *     {@link RuntimeException} it failed with
     * @throws SQLException a database error; a conflict when {@link PgDialect#isConflict} says so
     */
    List<Object> run(Connection c, List<? extends WriteRequest> requests, Instant now) throws SQLException {
        Set<String> streams = new LinkedHashSet<>();
        List<UUID> ids = new ArrayList<>();
        for (WriteRequest r : requests) {
            switch (r) {
                case WriteRequest.Append a -> {
                    streams.add(a.stream().value());
                    a.events().forEach(e -> ids.add(e.id()));
                }
                case WriteRequest.Delete d -> streams.add(d.stream().value());
                case WriteRequest.Stop s -> throw new IllegalArgumentException("stop is not a write");
            }
        }
        BatchPlan plan = BatchPlan.of(requests, loadStates(c, streams), findIds(c, ids));
        long first = plan.rows().isEmpty() ? 0 : insert(c, plan.rows(), now);
        writeStates(c, plan.changes());
        List<Object> results = new ArrayList<>(requests.size());
        for (BatchPlan.Outcome o : plan.outcomes()) {
            results.add(switch (o) {
                case BatchPlan.Planned p -> new AppendResult(p.revision(), Position.of(first + p.lastRow()));
                case BatchPlan.Done d -> d.result();
                case BatchPlan.Deleted d -> null;
                case BatchPlan.Failed f -> f.error();
            });
        }
        return results;
    }

    private Map<StreamId, StreamState> loadStates(Connection c, Set<String> streams) throws SQLException {
        Map<StreamId, StreamState> states = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(loadStates)) {
            ps.setArray(1, c.createArrayOf("text", streams.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.put(StreamId.of(rs.getString(1)), StreamStateRows.read(rs, 2));
                }
            }
        }
        return states;
    }

    private Map<UUID, Idempotency.StoredEvent> findIds(Connection c, List<UUID> ids) throws SQLException {
        Map<UUID, Idempotency.StoredEvent> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(findIds)) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getObject(1, UUID.class), new Idempotency.StoredEvent(
                            StreamId.of(rs.getString(2)), rs.getLong(3), Position.of(rs.getLong(4))));
                }
            }
        }
        return found;
    }

    /** Reserves positions for the rows, inserts them, and returns the first position. */
    private long insert(Connection c, List<Row> rows, Instant now) throws SQLException {
        long tx;
        long first;
        try (PreparedStatement ps = c.prepareStatement(reserve)) {
            ps.setLong(1, rows.size());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                tx = rs.getLong(1);
                first = rs.getLong(2) - rows.size() + 1;
            }
        }
        // inserted in stream order, so two batches never wait for each other's keys in opposite orders
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((Row r) -> r.stream().value()).thenComparingLong(Row::revision));
        int n = sorted.size();
        Long[] positions = new Long[n];
        String[] streams = new String[n];
        Long[] revisions = new Long[n];
        String[] categories = new String[n];
        String[] types = new String[n];
        UUID[] eventIds = new UUID[n];
        String[] data = new String[n];
        String[] metadata = new String[n];
        for (int i = 0; i < n; i++) {
            Row row = sorted.get(i);
            EventData e = row.event();
            positions[i] = first + row.index();
            streams[i] = row.stream().value();
            revisions[i] = row.revision();
            categories[i] = row.stream().category();
            types[i] = e.type();
            eventIds[i] = e.id();
            data[i] = e.data();
            metadata[i] = row.metadata();
        }
        try (PreparedStatement ps = c.prepareStatement(insertEvents)) {
            ps.setLong(1, tx);
            ps.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            Object[][] columns = {positions, streams, revisions, categories, types, eventIds, data, metadata};
            String[] sqlTypes = {"bigint", "text", "bigint", "text", "text", "uuid", "text", "text"};
            for (int i = 0; i < columns.length; i++) {
                ps.setArray(3 + i, c.createArrayOf(sqlTypes[i], columns[i]));
            }
            ps.executeUpdate();
        }
        return first;
    }

    private void writeStates(Connection c, List<Change> changes) throws SQLException {
        List<Change> inserts = changes.stream().filter(ch -> !ch.hadRow()).toList();
        List<Change> updates = changes.stream().filter(Change::hadRow).toList();
        if (!inserts.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(insertStates)) {
                bindStates(c, ps, 1, inserts, false);
                ps.executeUpdate();
            }
        }
        if (!updates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(updateStates)) {
                bindStates(c, ps, 1, updates, false);
                bindStates(c, ps, 6, updates, true);
                if (ps.executeUpdate() != updates.size()) {
                    throw new SQLException("A stream's state changed while the batch was being decided", LOST_RACE);
                }
            }
        }
    }

    /** Binds stream names (unless {@code before}) and either the new or the loaded states as arrays. */
    private static void bindStates(Connection c, PreparedStatement ps, int first, List<Change> changes, boolean before)
            throws SQLException {
        int n = changes.size();
        Long[] last = new Long[n];
        Long[] readableFrom = new Long[n];
        Boolean[] soft = new Boolean[n];
        Boolean[] tomb = new Boolean[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            StreamState s = before ? changes.get(i).before() : changes.get(i).after();
            names[i] = changes.get(i).stream().value();
            last[i] = s.lastRevision();
            readableFrom[i] = s.readableFrom();
            soft[i] = s.softDeleted();
            tomb[i] = s.tombstoned();
        }
        int i = first;
        if (!before) {
            ps.setArray(i++, c.createArrayOf("text", names));
        }
        Array[] arrays = {c.createArrayOf("bigint", last), c.createArrayOf("bigint", readableFrom),
                c.createArrayOf("boolean", soft), c.createArrayOf("boolean", tomb)};
        for (Array a : arrays) {
            ps.setArray(i++, a);
        }
    }
}
