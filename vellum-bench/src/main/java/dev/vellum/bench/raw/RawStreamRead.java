package dev.vellum.bench.raw;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Blackhole;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Workload;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * The raw read baseline for loading one aggregate: fills one stream of {@code size} events, then
 * reads it whole with {@code SELECT ... WHERE stream = ? ORDER BY revision}, every column, nothing
 * deserialized, in one query. One operation reads the stream once.
 *
 * @param size the events of the stream
 */
public record RawStreamRead(int size) implements Workload {

    private static final String READ = "SELECT position, stream, revision, category, type, event_id, data,"
            + " metadata, recorded_at FROM events WHERE stream = ? ORDER BY revision";

    @Override
    public String name() {
        return String.format("raw stream read %,d", size);
    }

    @Override
    public boolean reportsLatency() {
        return true;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        Connection connection = RawSqlite.create(directory, BenchShape.READ_SYNCHRONOUS);
        String stream = OrderEvents.streamName(1);
        try (RawInserter inserter = new RawInserter(connection)) {
            inserter.insertBatch(stream, size);
        }
        RawSqlite.prepareForReading(connection);
        PreparedStatement read = connection.prepareStatement(READ);
        Blackhole blackhole = new Blackhole();
        return Fixture.of(1, thread -> () -> {
            read.setString(1, stream);
            int rows = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    blackhole.consume(rs.getLong(1));
                    RawRows.consumeStreamToMetadata(rs, blackhole);
                    blackhole.consume(rs.getLong(9));
                    rows++;
                }
            }
            return rows;
        }, Fixture.Closer.of(read, connection));
    }
}
