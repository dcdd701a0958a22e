package dev.vellum.sqlite.internal;

import dev.vellum.jdbc.spi.StreamStateRows;
import dev.vellum.jdbc.spi.WriteRequest;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.IdempotencyConflictException;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.spi.Idempotency;
import dev.vellum.store.spi.StreamState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Applies one append or deletion on the write connection, inside the transaction and savepoint the
 * {@link GroupCommitWriter} opened. The rules come from {@link Idempotency} and {@link StreamState};
 * this class only reads and writes rows.
 *
 * <p>Positions are assigned here, one after the last one in the log: the writer thread is the only
 * writer, so the positions of a batch follow those of every batch committed before it.
 */
final class StreamWriter implements AutoCloseable {

    private final PreparedStatement lastPosition;
    private final PreparedStatement findId;
    private final PreparedStatement loadState;
    private final PreparedStatement saveState;
    private final PreparedStatement insertEvent;

    private long position;

    StreamWriter(Connection c) throws SQLException {
        lastPosition = c.prepareStatement("SELECT coalesce(max(position), 0) FROM events");
        findId = c.prepareStatement("SELECT stream, revision, position FROM events WHERE event_id = ?");
        loadState = c.prepareStatement(StreamStateRows.select(SqliteDialect.INSTANCE));
        saveState = c.prepareStatement("""
                INSERT INTO streams (stream, last_revision, readable_from, soft_deleted, tombstoned)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (stream) DO UPDATE SET last_revision = excluded.last_revision,
                    readable_from = excluded.readable_from, soft_deleted = excluded.soft_deleted,
                    tombstoned = excluded.tombstoned""");
        insertEvent = c.prepareStatement("""
                INSERT INTO events (position, stream, revision, category, type, event_id, data, metadata, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""");
    }

    /** Reads the last position; call at the start of each transaction. */
    void beginBatch() throws SQLException {
        try (ResultSet rs = lastPosition.executeQuery()) {
            position = rs.getLong(1);
        }
    }

    /** The last position assigned, committed or not. */
    long position() {
        return position;
    }

    /** Forgets positions assigned after {@code mark}, after a rollback to a savepoint. */
    void resetPosition(long mark) {
        position = mark;
    }

    /**
     * Appends, or recognises a retry: a retry resends ids that are all stored, so looking up the
     * first id tells a fresh append from a resend in one index probe; only then are all ids looked
     * up and classified. A fresh-looking append whose later ids were stored before runs into the
     * unique index on {@code event_id}: a conflict, whose savepoint rollback undoes its first rows.
     * Then the expected revision is checked, and the events and the stream's new state are written.
     */
    AppendResult append(WriteRequest.Append a, long recordedAt) throws SQLException {
        if (isStored(a.events().getFirst().id())) {
            return classifyReusedIds(a);
        }
        StreamState state = StreamStateRows.load(loadState, a.stream());
        state.check(a.stream(), a.expected());
        String stream = a.stream().value();
        String category = a.stream().category();
        long revision = state.lastRevision();
        List<EventData> events = a.events();
        for (int i = 0; i < events.size(); i++) {
            EventData e = events.get(i);
            insertEvent.setLong(1, ++position);
            insertEvent.setString(2, stream);
            insertEvent.setLong(3, ++revision);
            insertEvent.setString(4, category);
            insertEvent.setString(5, e.type());
            insertEvent.setString(6, e.id().toString());
            insertEvent.setString(7, e.data());
            String metadata = a.metadata().get(i);
            if (metadata == null) {
                insertEvent.setNull(8, Types.VARCHAR);
            } else {
                insertEvent.setString(8, metadata);
            }
            insertEvent.setLong(9, recordedAt);
            insertEvent.addBatch();
        }
        try {
            insertEvent.executeBatch();
        } catch (SQLException e) {
            insertEvent.clearBatch();
            if (String.valueOf(e.getMessage()).contains("events.event_id")) {
                // its first id was new, so an id stored before makes this no plain retry
                throw new IdempotencyConflictException(a.stream(), "some of its event ids were stored before, "
                        + "but its first id " + events.getFirst().id() + " was not");
            }
            throw e;
        }
        save(a.stream(), state.afterAppend(events.size()));
        return new AppendResult(revision, Position.of(position));
    }

    /** Checks the expected revision and records the deletion in the stream's state. */
    void delete(WriteRequest.Delete d) throws SQLException {
        StreamState state = StreamStateRows.load(loadState, d.stream());
        state.check(d.stream(), d.expected());
        save(d.stream(), state.after(d.stream(), d.deletion()));
    }

    /** Returns the original result of the append these ids came with, or raises the conflict. */
    private AppendResult classifyReusedIds(WriteRequest.Append a) throws SQLException {
        return Idempotency.check(a.stream(), a.events(), storedIds(a.events())).orElseThrow();
    }

    private boolean isStored(UUID id) throws SQLException {
        findId.setString(1, id.toString());
        try (ResultSet rs = findId.executeQuery()) {
            return rs.next();
        }
    }

    private Map<UUID, Idempotency.StoredEvent> storedIds(List<EventData> events) throws SQLException {
        Map<UUID, Idempotency.StoredEvent> found = Map.of();
        for (EventData e : events) {
            findId.setString(1, e.id().toString());
            try (ResultSet rs = findId.executeQuery()) {
                if (rs.next()) {
                    if (found.isEmpty()) {
                        found = new HashMap<>();
                    }
                    found.put(e.id(), new Idempotency.StoredEvent(
                            StreamId.of(rs.getString(1)), rs.getLong(2), Position.of(rs.getLong(3))));
                }
            }
        }
        return found;
    }

    private void save(StreamId stream, StreamState state) throws SQLException {
        saveState.setString(1, stream.value());
        saveState.setLong(2, state.lastRevision());
        saveState.setLong(3, state.readableFrom());
        saveState.setInt(4, state.softDeleted() ? 1 : 0);
        saveState.setInt(5, state.tombstoned() ? 1 : 0);
        saveState.executeUpdate();
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : List.of(lastPosition, findId, loadState, saveState, insertEvent)) {
            ps.close();
        }
    }
}
