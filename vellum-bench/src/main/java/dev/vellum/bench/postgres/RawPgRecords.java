package dev.vellum.bench.postgres;

import dev.vellum.bench.kafka.RecordWriter;
import dev.vellum.bench.order.OrderEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;

/**
 * The raw consumer loop's writer on PostgreSQL: raw pgjdbc into a table of Vellum's shape in a fresh
 * schema of the embedded server ({@link RawPg}).
 */
public final class RawPgRecords implements RecordWriter {

    private final Connection connection;
    private final PreparedStatement insert;

    private RawPgRecords(Connection connection, String schema) throws SQLException {
        this.connection = connection;
        this.insert = RawPg.prepareInsert(connection, schema);
    }

    /** A writer into a table in a fresh schema (the directory is not used). */
    public static RecordWriter open(Path directory) throws SQLException {
        String schema = RawPg.createTable();
        return new RawPgRecords(RawPg.writeConnection(), schema);
    }

    @Override
    public void add(String stream, long revision, String data, long timestamp) throws SQLException {
        insert.setString(1, stream);
        insert.setLong(2, revision);
        insert.setString(3, OrderEvents.CATEGORY);
        insert.setString(4, OrderEvents.TYPE);
        insert.setObject(5, UUID.randomUUID());
        insert.setString(6, data);
        insert.setTimestamp(7, new Timestamp(timestamp));
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
