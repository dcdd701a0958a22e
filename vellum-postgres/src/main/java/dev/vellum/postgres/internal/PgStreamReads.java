package dev.vellum.postgres.internal;

import dev.vellum.jdbc.spi.EventRows;
import dev.vellum.jdbc.spi.Statements;
import dev.vellum.jdbc.spi.StreamStateRows;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.spi.StreamState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A stream read in one statement, one round trip: the stream's row in {@code streams}, joined
 * laterally with the page of events its state allows (readable from {@code readable_from}, up to
 * its {@code last_revision}), where the shared {@code EventQueries} reads the state and then the
 * events in two. One statement also sees one snapshot, so the events match the state they were
 * bounded by even while writers commit. No row means no stream; a row without an event means a
 * stream with no readable event in the range. A command on a distinct aggregate reads its stream
 * once before its append, so this halves its reads (decision 39).
 */
public final class PgStreamReads {

    private static final int STATE = 9;

    private final String forwards;
    private final String backwards;

    public PgStreamReads(PgDialect dialect) {
        String select = "SELECT e.*, s.last_revision, s.readable_from, s.soft_deleted, s.tombstoned FROM "
                + dialect.table("streams") + " s LEFT JOIN LATERAL (SELECT " + EventRows.columns(dialect) + " FROM "
                + dialect.table("events") + " WHERE stream = s.stream AND revision >= ";
        this.forwards = select + "greatest(?, s.readable_from) AND revision <= s.last_revision"
                + " ORDER BY revision LIMIT ?) e ON true WHERE s.stream = ? ORDER BY e.revision";
        this.backwards = select + "s.readable_from AND revision <= least(?, s.last_revision)"
                + " ORDER BY revision DESC LIMIT ?) e ON true WHERE s.stream = ? ORDER BY e.revision DESC";
    }

    /** See {@link dev.vellum.store.StreamReader#readStream}; the arguments are checked by the caller. */
    public List<RecordedEvent> read(Statements c, StreamId stream, ReadDirection direction, long fromRevision, int limit)
            throws SQLException {
        PreparedStatement ps = c.prepare(direction == ReadDirection.FORWARDS ? forwards : backwards);
        ps.setLong(1, fromRevision);
        ps.setInt(2, limit);
        ps.setString(3, stream.value());
        try (ResultSet rs = ps.executeQuery()) {
            StreamState state = rs.next() ? StreamStateRows.read(rs, STATE) : StreamState.NEW;
            state.checkReadable(stream);
            return EventRows.readOn(rs, stream, limit);
        }
    }
}
