package dev.vellum.bench.raw;

import dev.vellum.bench.order.OrderEvents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Inserts benchmark events with one prepared statement and commits them, the whole of what a raw
 * baseline does per event: no revision check, no JSON validation, no idempotency lookup.
 */
final class RawInserter implements AutoCloseable {

    private static final String INSERT = "INSERT INTO events"
            + " (stream, revision, category, type, event_id, data, metadata, recorded_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, NULL, ?)";

    private final Connection connection;
    private final PreparedStatement insert;

    RawInserter(Connection connection) throws SQLException {
        this.connection = connection;
        this.insert = connection.prepareStatement(INSERT);
    }

    /** One {@code INSERT} and one {@code COMMIT}. */
    void insertOne(String stream, long revision) throws SQLException {
        bind(stream, revision);
        insert.executeUpdate();
        connection.commit();
    }

    /** Revisions 0 to {@code count - 1} of {@code stream} in one {@code executeBatch} and one {@code COMMIT}. */
    void insertBatch(String stream, int count) throws SQLException {
        for (int revision = 0; revision < count; revision++) {
            bind(stream, revision);
            insert.addBatch();
        }
        insert.executeBatch();
        connection.commit();
    }

    private void bind(String stream, long revision) throws SQLException {
        insert.setString(1, stream);
        insert.setLong(2, revision);
        insert.setString(3, OrderEvents.CATEGORY);
        insert.setString(4, OrderEvents.TYPE);
        insert.setString(5, OrderEvents.randomId().toString());
        insert.setString(6, OrderEvents.randomData());
        insert.setLong(7, System.currentTimeMillis());
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }
}
