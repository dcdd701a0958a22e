package dev.vellum.bench.raw;

import dev.vellum.bench.scenario.Synchronous;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** The raw consumer loop's writer on SQLite: Vellum's table shape and connection settings, {@code FULL}. */
public final class RawSqliteRecords {

    private static final String INSERT = "INSERT INTO events"
            + " (stream, revision, category, type, event_id, data, metadata, recorded_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, NULL, ?)";

    private RawSqliteRecords() {
    }

    /** A writer into a new database in {@code directory}. */
    public static RecordWriter open(Path directory) throws SQLException {
        Connection connection = RawSqlite.create(directory, Synchronous.FULL);
        return new RecordWriter(connection, connection.prepareStatement(INSERT), (insert, id, timestamp) -> {
            insert.setString(5, id.toString());
            insert.setLong(7, timestamp);
        });
    }
}
