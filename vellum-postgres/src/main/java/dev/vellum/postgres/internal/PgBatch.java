package dev.vellum.postgres.internal;

import dev.vellum.jdbc.spi.StreamStateRows;
import dev.vellum.jdbc.spi.WriteOutcome;
import dev.vellum.jdbc.spi.WriteRequest;
import dev.vellum.postgres.internal.BatchPlan.Change;
import dev.vellum.postgres.internal.BatchPlan.Row;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.spi.Idempotency;
import dev.vellum.store.spi.StreamState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Runs one batch of writes in two statements whatever its size: one query loads the states of its
 * streams and looks up its event ids; every request is then decided in memory ({@link BatchPlan});
 * one call of {@code write_batch} reserves positions, inserts all events and writes the changed
 * states. Between the two statements another writer may get in first: that shows up as a unique
 * violation, a state row that changed (SQL state 40001) or a deadlock, all an {@link SQLException}
 * the dialect calls a conflict, and the caller runs the batch again from the start, which then
 * sees the winner's writes. On a connection in auto-commit mode each statement is its own
 * transaction, so a batch costs two round trips and one commit; one decided from states already
 * known ({@link #planKnown}) costs one.
 */
public final class PgBatch {

    /**
     * Sets the lock wait of the write's transaction before the write runs: the sub-select with
     * {@code OFFSET 0} is planned on its own and yields its row, so {@code set_config} has run,
     * before the outer select list calls {@code write_batch}. Local to the transaction, which in
     * auto-commit mode is the statement.
     */
    private static final String LOCK_WAIT = " FROM (SELECT set_config('lock_timeout', ?, true) OFFSET 0) AS lock_wait";

    private final String load;
    private final String lockRows;
    private final String write;

    public PgBatch(PgDialect d) {
        load = "SELECT true, stream, " + StreamStateRows.COLUMNS + ", NULL::uuid FROM " + d.table("streams")
                + " WHERE stream = ANY(?::text[]) UNION ALL SELECT false, stream, revision, position, false, false, event_id"
                + " FROM " + d.table("events") + " WHERE event_id = ANY(?)";
        lockRows = "SELECT stream FROM " + d.table("streams") + " WHERE stream = ANY(?::text[]) ORDER BY stream"
                + " FOR UPDATE";
        write = "SELECT " + d.quoted() + ".write_batch(?, ?, ?, ?::bigint[], ?::text[], ?::bigint[], ?::text[],"
                + " ?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::bigint[], ?::bigint[],"
                + " ?::boolean[], ?::boolean[], ?::bigint[], ?::bigint[], ?::boolean[], ?::boolean[])";
    }

    /** What a batch came to: per request, in order, its outcome; and the stream states it wrote. */
    public record Written(List<WriteOutcome> outcomes, List<Change> changes) {
    }

    /**
     * Decides and writes {@code requests} on {@code c} in the caller's open transaction: the stream
     * rows are locked first ({@link #plan} with {@code lock}), and the write waits for row locks as
     * the transaction's own {@code lock_timeout} says.
     *
     * @param notify whether the write sends the {@code NOTIFY} itself, delivered at commit: yes in a
     *     caller's transaction, whose commit the store does not see; no for group commit, whose
     *     writer has other nodes notified after the commit (see {@link PgNotifySender})
     * @return per request an {@link AppendResult}, {@code null} for a deletion, or the
     *     {@link RuntimeException} it failed with; and the states written
     * @throws SQLException a database error; a conflict when {@link PgDialect#isConflict} says so
     */
    public Written run(Connection c, List<? extends WriteRequest> requests, Instant now, boolean notify)
            throws SQLException {
        return write(c, plan(c, requests, true), now, notify, null);
    }

    /**
     * Loads the stored states of the requests' streams and the stored events with their ids, and
     * decides the requests on them. Only reads: nothing is written.
     *
     * @param lock whether to lock the streams' rows first ({@code FOR UPDATE}, in name order, so two
     *     transactions never wait for each other's rows in opposite orders), which holds them until
     *     the transaction ends: only in a transaction that writes them next. A transaction waiting
     *     for a row lock queues behind those already waiting, so one that locks first cannot lose a
     *     race to transactions that come later
     */
    BatchPlan plan(Connection c, List<? extends WriteRequest> requests, boolean lock) throws SQLException {
        Set<String> streams = new LinkedHashSet<>();
        List<UUID> ids = new ArrayList<>();
        for (WriteRequest r : requests) {
            switch (r) {
                case WriteRequest.Append a -> {
                    streams.add(a.stream().value());
                    a.events().forEach(e -> ids.add(e.id()));
                }
                case WriteRequest.Delete d -> streams.add(d.stream().value());
            }
        }
        if (lock) {
            try (PreparedStatement ps = c.prepareStatement(lockRows)) {
                ps.setObject(1, streams.toArray(String[]::new));
                ps.executeQuery().close();
            }
        }
        Map<StreamId, StreamState> states = new HashMap<>();
        Map<UUID, Idempotency.StoredEvent> stored = new HashMap<>();
        load(c, streams, ids, states, stored);
        return BatchPlan.of(requests, states, stored);
    }

    /**
     * Decides {@code requests} from {@code known} stream states (a stream missing is taken as never
     * written) without looking anything up, when the plan lets the write verify every state it
     * relied on: every request is an append that writes events and so changes its stream's state,
     * and {@code write_batch} refuses the batch unless each state it replaces, or each row it
     * creates, is as the plan assumed; the events' unique ids and {@code (stream, revision)} catch a
     * retry of an append already stored. A stale state therefore costs a conflict, never a wrong
     * result.
     *
     * @return empty when a request would fail or be recognised as a retry: only stored states may
     *     decide that, so the caller plans the batch with {@link #plan}
     */
    static Optional<BatchPlan> planKnown(List<? extends WriteRequest> requests, Map<StreamId, StreamState> known) {
        BatchPlan plan = BatchPlan.of(requests, known, Map.of());
        return plan.writesEveryStream() ? Optional.of(plan) : Optional.empty();
    }

    /**
     * Writes a plan in one statement (none when it writes nothing) and gives each request its result.
     *
     * @param lockWait how long the statement may wait for a row lock before it fails with SQL state
     *     {@code 55P03} (its transaction's {@code lock_timeout}), or null to leave the transaction's
     *     own setting alone (a caller's transaction)
     */
    Written write(Connection c, BatchPlan plan, Instant now, boolean notify, Duration lockWait) throws SQLException {
        List<Change> changes = plan.changes();
        long first = plan.rows().isEmpty() && changes.isEmpty() ? 0
                : write(c, plan.rows(), changes, now, notify, lockWait);
        List<WriteOutcome> outcomes = new ArrayList<>(plan.outcomes().size());
        for (BatchPlan.Outcome o : plan.outcomes()) {
            outcomes.add(switch (o) {
                case BatchPlan.Planned p -> new WriteOutcome.Appended(
                        new AppendResult(p.revision(), Position.of(first + p.lastRow())));
                case BatchPlan.Done d -> new WriteOutcome.Appended(d.result());
                case BatchPlan.Deleted d -> new WriteOutcome.Deleted();
                case BatchPlan.Failed f -> new WriteOutcome.Failed(f.error());
            });
        }
        return new Written(outcomes, changes);
    }

    private void load(Connection c, Set<String> streams, List<UUID> ids, Map<StreamId, StreamState> states,
            Map<UUID, Idempotency.StoredEvent> stored) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(load)) {
            ps.setObject(1, streams.toArray(String[]::new));
            ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StreamId stream = StreamId.of(rs.getString(2));
                    if (rs.getBoolean(1)) {
                        states.put(stream, StreamStateRows.read(rs, 3));
                    } else {
                        stored.put(rs.getObject(7, UUID.class),
                                new Idempotency.StoredEvent(stream, rs.getLong(3), Position.of(rs.getLong(4))));
                    }
                }
            }
        }
    }

    /** Writes rows and states with {@code write_batch}; returns the first position reserved (0 when none). */
    private long write(Connection c, List<Row> planned, List<Change> changes, Instant now, boolean notify,
            Duration lockWait) throws SQLException {
        // inserted in stream order, so two batches never wait for each other's keys in opposite orders
        List<Row> rows = new ArrayList<>(planned);
        rows.sort(Comparator.comparing((Row r) -> r.stream().value()).thenComparingLong(Row::revision));
        int n = rows.size();
        long[] index = new long[n];
        long[] revision = new long[n];
        String[] stream = new String[n];
        String[] category = new String[n];
        String[] type = new String[n];
        UUID[] id = new UUID[n];
        String[] data = new String[n];
        String[] metadata = new String[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            EventData e = row.event();
            index[i] = row.index();
            stream[i] = row.stream().value();
            revision[i] = row.revision();
            category[i] = row.stream().category();
            type[i] = e.type();
            id[i] = e.id();
            data[i] = e.data();
            metadata[i] = row.metadata();
        }
        int m = changes.size();
        String[] changed = new String[m];
        boolean[] hadRow = new boolean[m];
        long[][] revisions = new long[4][m]; // last revision and readable-from, after then before
        boolean[][] flags = new boolean[4][m]; // soft-deleted and tombstoned, after then before
        for (int i = 0; i < m; i++) {
            Change ch = changes.get(i);
            changed[i] = ch.stream().value();
            hadRow[i] = ch.hadRow();
            StreamState[] ab = {ch.after(), ch.before()};
            for (int k = 0; k < 2; k++) {
                revisions[2 * k][i] = ab[k].lastRevision();
                revisions[2 * k + 1][i] = ab[k].readableFrom();
                flags[2 * k][i] = ab[k].softDeleted();
                flags[2 * k + 1][i] = ab[k].tombstoned();
            }
        }
        // primitive and String arrays go in PostgreSQL's binary array format: nothing to escape or parse
        Object[] parameters = {index, stream, revision, category, type, c.createArrayOf("uuid", id), data, metadata,
                changed, hadRow, revisions[0], revisions[1], flags[0], flags[1], revisions[2], revisions[3], flags[2],
                flags[3]};
        try (PreparedStatement ps = c.prepareStatement(lockWait == null ? write : write + LOCK_WAIT)) {
            ps.setBoolean(1, notify);
            ps.setLong(2, n);
            ps.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            for (int p = 0; p < parameters.length; p++) {
                ps.setObject(4 + p, parameters[p]);
            }
            if (lockWait != null) {
                ps.setString(4 + parameters.length, lockWait.toMillis() + "ms");
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
