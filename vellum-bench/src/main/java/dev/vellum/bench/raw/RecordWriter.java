package dev.vellum.bench.raw;

import dev.vellum.bench.order.OrderEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Where the raw consumer loop writes records: plain JDBC into a table of Vellum's shape, with no
 * Vellum code: {@link #add} binds one row to a batch, {@link #commit} runs the batch and commits it.
 * The insert's parameters are Vellum's columns in order (stream, revision, category, type, event id,
 * data, recorded at); a database binds the event id and the time in its own types.
 */
public final class RecordWriter implements AutoCloseable {

    /** Opens a writer for one run, in {@code directory} (SQLite) or a fresh schema (PostgreSQL). */
    @FunctionalInterface
    public interface Opener {
        /** The writer of one run. */
        RecordWriter open(Path directory) throws SQLException;
    }

    /** How a database takes the event id (parameter 5) and the time, in epoch milliseconds (parameter 7). */
    @FunctionalInterface
    public interface IdAndTime {
        /** Binds {@code id} and {@code timestamp} to {@code insert}. */
        void bind(PreparedStatement insert, UUID id, long timestamp) throws SQLException;
    }

    private final Connection connection;
    private final PreparedStatement insert;
    private final IdAndTime idAndTime;

    /** A writer running {@code insert} on {@code connection}, which it closes. */
    public RecordWriter(Connection connection, PreparedStatement insert, IdAndTime idAndTime) {
        this.connection = connection;
        this.insert = insert;
        this.idAndTime = idAndTime;
    }

    /** Adds the row of one record to the batch: revision {@code revision} of {@code stream}. */
    public void add(String stream, long revision, String data, long timestamp) throws SQLException {
        insert.setString(1, stream);
        insert.setLong(2, revision);
        insert.setString(3, OrderEvents.CATEGORY);
        insert.setString(4, OrderEvents.TYPE);
        insert.setString(6, data);
        idAndTime.bind(insert, UUID.randomUUID(), timestamp);
        insert.addBatch();
    }

    /** Runs the batch with one {@code executeBatch} and commits it. */
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
