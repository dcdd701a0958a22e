package dev.vellum.sqlite.internal;

import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.internal.StreamState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The read queries: one stream, the global log, one event by id, the head. Stream reads take the
 * stream's state first and then read only revisions up to the last one that state knows, so the
 * events returned match that one state even while the writer commits.
 */
final class EventQueries {

    private static final String FORWARDS = "SELECT " + EventRows.COLUMNS
            + " FROM events WHERE stream = ? AND revision >= ? AND revision <= ? ORDER BY revision LIMIT ?";
    private static final String BACKWARDS = "SELECT " + EventRows.COLUMNS
            + " FROM events WHERE stream = ? AND revision >= ? AND revision <= ? ORDER BY revision DESC LIMIT ?";
    private static final String BY_ID = "SELECT " + EventRows.COLUMNS + " FROM events WHERE event_id = ?";
    private static final String HEAD = "SELECT coalesce(max(position), 0) FROM events";

    private EventQueries() {
    }

    /** See {@link dev.vellum.store.StreamReader#readStream}; the arguments are checked. */
    static List<RecordedEvent> readStream(ReadConnection c, StreamId stream, ReadDirection direction,
            long fromRevision, int limit) throws SQLException {
        StreamState state = StreamStateRows.load(c.prepare(StreamStateRows.SELECT), stream);
        state.checkReadable(stream);
        boolean forwards = direction == ReadDirection.FORWARDS;
        long low = forwards ? Math.max(fromRevision, state.readableFrom()) : state.readableFrom();
        long high = forwards ? state.lastRevision() : Math.min(fromRevision, state.lastRevision());
        if (low > high) {
            return List.of();
        }
        PreparedStatement ps = c.prepare(forwards ? FORWARDS : BACKWARDS);
        ps.setString(1, stream.value());
        ps.setLong(2, low);
        ps.setLong(3, high);
        ps.setInt(4, limit);
        try (ResultSet rs = ps.executeQuery()) {
            return EventRows.readAll(rs, stream, limit);
        }
    }

    /** See {@link dev.vellum.store.LogReader#readAll}; the arguments are checked. */
    static List<RecordedEvent> readAll(ReadConnection c, Position after, LogFilter filter, int limit)
            throws SQLException {
        LogQuery query = LogQuery.of(filter);
        PreparedStatement ps = c.prepare(query.sql());
        query.bind(ps, after, limit);
        try (ResultSet rs = ps.executeQuery()) {
            return EventRows.readAll(rs, null, limit);
        }
    }

    /** See {@link dev.vellum.store.EventLookup#readEvent}; uses the unique {@code events_event_id} index. */
    static Optional<RecordedEvent> readEvent(ReadConnection c, UUID id) throws SQLException {
        PreparedStatement ps = c.prepare(BY_ID);
        ps.setString(1, id.toString());
        try (ResultSet rs = ps.executeQuery()) {
            List<RecordedEvent> found = EventRows.readAll(rs, null, 1);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    /** The last position committed, or {@link Position#START}. */
    static Position head(ReadConnection c) throws SQLException {
        try (ResultSet rs = c.prepare(HEAD).executeQuery()) {
            return Position.of(rs.getLong(1));
        }
    }
}
