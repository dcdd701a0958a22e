package dev.vellum.bench.postgres;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.OrderPlaced;
import dev.vellum.bench.raw.RawRows;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Blackhole;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Operation;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.serde.VellumJson;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The raw pgjdbc read baselines: <em>raw scan</em> pages through the whole table with
 * {@code WHERE position > ? ORDER BY position LIMIT 10000}, and <em>raw stream load</em> reads
 * one stream of {@value #STREAM_EVENTS} events with {@code WHERE stream = ? ORDER BY revision};
 * both read every column and deserialize nothing. <em>Raw stream load + deserialize</em> is the stream
 * load with each event's data deserialized into {@link OrderPlaced} with Jackson, as the raw catch-up
 * loop does: the baseline issue 14 sets the handler's load against.
 */
final class RawPgRead implements Workload {

    /** Events in the stream the aggregate-load rows read. */
    static final int STREAM_EVENTS = 10_000;

    private static final String COLUMNS = "position, stream, revision, category, type, event_id, data, metadata,"
            + " recorded_at";

    private static final ObjectReader ORDER = VellumJson.newObjectMapper().readerFor(OrderPlaced.class);

    private final int events;
    private final boolean oneStream;
    private final boolean deserialize;

    private RawPgRead(int events, boolean oneStream, boolean deserialize) {
        this.events = events;
        this.oneStream = oneStream;
        this.deserialize = deserialize;
    }

    /** Raw pg scan of a log of {@code events} events. */
    static RawPgRead scan(int events) {
        return new RawPgRead(events, false, false);
    }

    /** Raw pg stream load of one stream of {@value #STREAM_EVENTS} events. */
    static RawPgRead streamLoad() {
        return new RawPgRead(STREAM_EVENTS, true, false);
    }

    /** Raw pg stream load of the same stream, each event's data deserialized into {@link OrderPlaced}. */
    static RawPgRead streamLoadDeserialized() {
        return new RawPgRead(STREAM_EVENTS, true, true);
    }

    @Override
    public String name() {
        return !oneStream ? "raw pg scan" : deserialize ? "raw pg stream load + deserialize" : "raw pg stream load";
    }

    @Override
    public boolean reportsLatency() {
        return oneStream;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        Connection c = PgServer.dataSource().getConnection();
        String schema = RawPg.createTable(c);
        if (oneStream) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = RawPg.prepareInsert(c, schema)) {
                RawPg.insertBatch(c, insert, OrderEvents.streamName(1), STREAM_EVENTS);
            } finally {
                c.setAutoCommit(true);
            }
        } else {
            RawPg.fill(c, schema, events);
        }
        PreparedStatement query = c.prepareStatement(oneStream
                ? "SELECT " + COLUMNS + " FROM " + schema + ".events WHERE stream = ? ORDER BY revision"
                : "SELECT " + COLUMNS + " FROM " + schema + ".events WHERE position > ? ORDER BY position LIMIT "
                        + BenchShape.PAGE);
        Operation operation = oneStream ? () -> {
            query.setString(1, OrderEvents.streamName(1));
            return readRows(query, new Blackhole(), null, deserialize);
        } : new Pager(query);
        return Fixture.of(1, thread -> operation, Fixture.Closer.of(query, c));
    }

    /**
     * Reads every row and column, deserializing each row's data when {@code deserialize}; returns the row
     * count and leaves the last position in {@code last}.
     */
    private static int readRows(PreparedStatement query, Blackhole blackhole, long[] last, boolean deserialize)
            throws SQLException {
        int rows = 0;
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                long position = rs.getLong(1);
                RawRows.consumeStreamToMetadata(rs, blackhole, deserialize ? RawPgRead::order : data -> data);
                blackhole.consume(rs.getTimestamp(9));
                if (last != null) {
                    last[0] = position;
                }
                rows++;
            }
        }
        return rows;
    }

    private static OrderPlaced order(String data) throws SQLException {
        try {
            return ORDER.readValue(data);
        } catch (IOException e) {
            throw new SQLException("unreadable event data: " + data, e);
        }
    }

    /** One page per call, starting over at the end. */
    private static final class Pager implements Operation {
        private final PreparedStatement scan;
        private final Blackhole blackhole = new Blackhole();
        private final long[] after = new long[1];

        Pager(PreparedStatement scan) {
            this.scan = scan;
        }

        @Override
        public int run() throws SQLException {
            scan.setLong(1, after[0]);
            int rows = readRows(scan, blackhole, after, false);
            if (rows < BenchShape.PAGE) {
                after[0] = 0;
            }
            return rows;
        }
    }
}
