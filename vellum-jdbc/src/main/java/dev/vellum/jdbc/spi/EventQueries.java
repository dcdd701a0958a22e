package dev.vellum.jdbc.spi;

import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.spi.StreamState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The read queries: one stream, the global log, one event by id, the head. Stream reads take the
 * stream's state first and then read only revisions up to the last one that state knows, so the
 * events returned match that one state even while writers commit. The arguments are checked by the
 * caller.
 */
public final class EventQueries {

    private final Dialect dialect;
    private final String forwards;
    private final String backwards;
    private final String byId;
    private final String head;
    private final String state;

    /** The queries in {@code dialect}. */
    public EventQueries(Dialect dialect) {
        this.dialect = dialect;
        String stream = "SELECT " + EventRows.columns(dialect) + " FROM " + dialect.table("events")
                + " WHERE stream = ? AND revision >= ? AND revision <= ? ORDER BY revision";
        this.forwards = stream + " LIMIT ?";
        this.backwards = stream + " DESC LIMIT ?";
        this.byId = "SELECT " + EventRows.columns(dialect) + " FROM " + dialect.table("events") + " WHERE event_id = "
                + dialect.uuidParameter();
        this.head = "SELECT coalesce(max(position), 0) FROM " + dialect.table("events")
                + (dialect.logVisibility() == null ? "" : " WHERE " + dialect.logVisibility());
        this.state = StreamStateRows.select(dialect);
    }

    /** See {@link dev.vellum.store.StreamReader#readStream}. */
    public List<RecordedEvent> readStream(Statements c, StreamId stream, ReadDirection direction,
            long fromRevision, int limit) throws SQLException {
        StreamState current = StreamStateRows.load(c.prepare(state), stream);
        current.checkReadable(stream);
        boolean isForwards = direction == ReadDirection.FORWARDS;
        long low = isForwards ? Math.max(fromRevision, current.readableFrom()) : current.readableFrom();
        long high = isForwards ? current.lastRevision() : Math.min(fromRevision, current.lastRevision());
        if (low > high) {
            return List.of();
        }
        PreparedStatement ps = c.prepare(isForwards ? forwards : backwards);
        ps.setString(1, stream.value());
        ps.setLong(2, low);
        ps.setLong(3, high);
        ps.setInt(4, limit);
        try (ResultSet rs = ps.executeQuery()) {
            return EventRows.readAll(rs, stream, limit);
        }
    }

    /** See {@link dev.vellum.store.LogReader#readAll}. */
    public List<RecordedEvent> readAll(Statements c, Position after, LogFilter filter, int limit) throws SQLException {
        LogQuery query = LogQuery.of(dialect, filter);
        PreparedStatement ps = c.prepare(query.sql());
        query.bind(ps, after, limit);
        try (ResultSet rs = ps.executeQuery()) {
            return EventRows.readAll(rs, null, limit);
        }
    }

    /**
     * See {@link dev.vellum.store.EventLookup#readEvent}; uses the unique {@code events_event_id}
     * index. Like a stream read, and unlike {@link #readAll}, it is not held back by the dialect's
     * {@link Dialect#logVisibility() visibility condition}: an event is found as soon as its append
     * committed, so a command handler recognises a command it just recorded.
     */
    public Optional<RecordedEvent> readEvent(Statements c, UUID id) throws SQLException {
        PreparedStatement ps = c.prepare(byId);
        ps.setString(1, id.toString());
        try (ResultSet rs = ps.executeQuery()) {
            List<RecordedEvent> found = EventRows.readAll(rs, null, 1);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    /** The last readable position, or {@link Position#START}. */
    public Position head(Statements c) throws SQLException {
        try (ResultSet rs = c.prepare(head).executeQuery()) {
            return rs.next() ? Position.of(rs.getLong(1)) : Position.START;
        }
    }
}
