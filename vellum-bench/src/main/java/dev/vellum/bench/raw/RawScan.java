package dev.vellum.bench.raw;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Blackhole;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Operation;
import dev.vellum.bench.scenario.Workload;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The raw scan baseline of BENCH.md: fills the log, then pages through it with
 * {@code SELECT ... WHERE position > ? ORDER BY position LIMIT 10000}, reading every column and
 * deserializing nothing, starting over at the end. One operation is one page, read in auto-commit
 * mode as a plain JDBC reader would.
 *
 * @param events the events of the log
 */
public record RawScan(int events) implements Workload {

    /** The page query, shared with {@link RawLogScan}. */
    static final String SCAN = "SELECT position, stream, revision, category, type, event_id, data,"
            + " metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT " + BenchShape.PAGE;

    @Override
    public String name() {
        return "raw scan";
    }

    @Override
    public boolean reportsLatency() {
        return false;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        Connection connection = RawSqlite.create(directory, BenchShape.READ_SYNCHRONOUS);
        try (RawInserter inserter = new RawInserter(connection)) {
            for (int stream = 1; stream * BenchShape.BATCH <= events; stream++) {
                inserter.insertBatch(OrderEvents.streamName(stream), BenchShape.BATCH);
            }
        }
        RawSqlite.prepareForReading(connection);
        PreparedStatement scan = connection.prepareStatement(SCAN);
        return Fixture.of(1, thread -> new Pager(scan), Fixture.Closer.of(scan, connection));
    }

    /** Reads one page per call, remembering where the last one ended; shared with {@link RawLogScan}. */
    static final class Pager implements Operation {
        private final PreparedStatement scan;
        private final Blackhole blackhole = new Blackhole();
        private long after;

        Pager(PreparedStatement scan) {
            this.scan = scan;
        }

        @Override
        public int run() throws SQLException {
            scan.setLong(1, after);
            int rows = 0;
            try (ResultSet page = scan.executeQuery()) {
                while (page.next()) {
                    after = page.getLong(1);
                    RawRows.consumeStreamToMetadata(page, blackhole);
                    blackhole.consume(page.getLong(9));
                    rows++;
                }
            }
            if (rows < BenchShape.PAGE) {
                after = 0;
            }
            return rows;
        }
    }
}
