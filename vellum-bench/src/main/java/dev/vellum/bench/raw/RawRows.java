package dev.vellum.bench.raw;

import dev.vellum.bench.scenario.Blackhole;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How the raw read baselines read a row of a {@code SELECT position, stream, revision, category,
 * type, event_id, data, metadata, recorded_at} over a table of Vellum's shape: every column
 * fetched, nothing deserialized unless the caller says how to read the data column.
 */
public final class RawRows {

    private RawRows() {
    }

    /**
     * Fetches columns 2 to 8 (stream to metadata) of the current row into {@code blackhole}; the
     * caller reads the position and {@code recorded_at}, whose types differ between the databases.
     */
    public static void consumeStreamToMetadata(ResultSet row, Blackhole blackhole) throws SQLException {
        consumeStreamToMetadata(row, blackhole, data -> data);
    }

    /** As {@link #consumeStreamToMetadata(ResultSet, Blackhole)}, with the data column read by {@code data}. */
    public static void consumeStreamToMetadata(ResultSet row, Blackhole blackhole, DataReader data)
            throws SQLException {
        blackhole.consume(row.getString(2));
        blackhole.consume(row.getLong(3));
        blackhole.consume(row.getString(4));
        blackhole.consume(row.getString(5));
        blackhole.consume(row.getString(6));
        blackhole.consume(data.read(row.getString(7)));
        blackhole.consume(row.getString(8));
    }

    /** What a baseline makes of an event's data: the text itself, or the object it deserializes to. */
    @FunctionalInterface
    public interface DataReader {
        Object read(String data) throws SQLException;
    }
}
