package dev.vellum.bench.raw;

import dev.vellum.bench.Synchronous;
import dev.vellum.bench.kafka.RecordWriter;
import dev.vellum.bench.order.OrderEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** The raw consumer loop's writer on SQLite: Vellum's table shape and connection settings, {@code FULL}. */
public final class RawSqliteRecords implements RecordWriter {

    private static final String INSERT = "INSERT INTO events"
            + " (stream, revision, category, type, event_id, data, metadata, recorded_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, NULL, ?)";

    private final Connection connection;
    private final PreparedStatement insert;

    private RawSqliteRecords(Connection connection) throws SQLException {
        this.connection = connection;
        this.insert = connection.prepareStatement(INSERT);
    }

    /** A writer into a new database in {@code directory}. */
    public static RecordWriter open(Path directory) throws SQLException {
        return new RawSqliteRecords(RawSqlite.create(directory, Synchronous.FULL));
    }

    @Override
    public void add(String stream, long revision, String data, long timestamp) throws SQLException {
        insert.setString(1, stream);
        insert.setLong(2, revision);
        insert.setString(3, OrderEvents.CATEGORY);
        insert.setString(4, OrderEvents.TYPE);
        insert.setString(5, UUID.randomUUID().toString());
        insert.setString(6, data);
        insert.setLong(7, timestamp);
        insert.addBatch();
    }

    @Override
    public void commit() throws SQLException {
        insert.executeBatch();
        connection.commit();
    }

    @Override
    public void close() throws SQLException {
        insert.close();
        connection.close();
    }
}
