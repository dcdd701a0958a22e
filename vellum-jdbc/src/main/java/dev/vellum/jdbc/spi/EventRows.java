package dev.vellum.jdbc.spi;

import dev.vellum.store.Metadata;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.spi.MetadataJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Turns rows of {@code events}, selected as {@link #columns}, into {@link RecordedEvent}s. */
public final class EventRows {

    private EventRows() {
    }

    /** The columns every event query selects, in the order {@link #readAll} reads them. */
    public static String columns(Dialect dialect) {
        return "position, stream, revision, event_id, type, data, metadata, " + dialect.recordedAtMillis();
    }

    /**
     * Reads every row of {@code rs}.
     *
     * @param stream the stream all rows belong to, or {@code null} when they may differ
     */
    public static List<RecordedEvent> readAll(ResultSet rs, StreamId stream, int expected) throws SQLException {
        return read(rs, stream, expected, rs.next());
    }

    /**
     * Reads the row {@code rs} is on and every row after it, for a query whose first row was looked
     * at first; a row without an event (a {@code null} position, from an outer join that found none)
     * is skipped.
     *
     * @param stream the stream all rows belong to, or {@code null} when they may differ
     */
    public static List<RecordedEvent> readOn(ResultSet rs, StreamId stream, int expected) throws SQLException {
        return read(rs, stream, expected, true);
    }

    private static List<RecordedEvent> read(ResultSet rs, StreamId stream, int expected, boolean onRow)
            throws SQLException {
        List<RecordedEvent> events = new ArrayList<>(Math.min(expected, 1_024));
        StreamId last = stream;
        String lastMetadataJson = null;
        Metadata lastMetadata = Metadata.EMPTY;
        for (boolean more = onRow; more; more = rs.next()) {
            long position = rs.getLong(1);
            if (rs.wasNull()) {
                continue;
            }
            StreamId id = stream; // consecutive rows often share a stream: validate its name once
            if (id == null) {
                String name = rs.getString(2);
                id = last != null && last.value().equals(name) ? last : StreamId.of(name);
                last = id;
            }
            String metadataJson = rs.getString(7);
            if (metadataJson != null && !metadataJson.equals(lastMetadataJson)) {
                lastMetadata = MetadataJson.read(metadataJson); // events of one append often share it
                lastMetadataJson = metadataJson;
            }
            events.add(new RecordedEvent(
                    id,
                    rs.getLong(3),
                    Position.of(position),
                    UUID.fromString(rs.getString(4)),
                    rs.getString(5),
                    rs.getString(6),
                    metadataJson == null ? Metadata.EMPTY : lastMetadata,
                    Instant.ofEpochMilli(rs.getLong(8))));
        }
        return events;
    }
}
