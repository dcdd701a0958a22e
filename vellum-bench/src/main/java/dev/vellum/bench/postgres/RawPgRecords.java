package dev.vellum.bench.postgres;

import dev.vellum.bench.raw.RecordWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * The raw consumer loop's writer on PostgreSQL: raw pgjdbc into a table of Vellum's shape in a fresh
 * schema of the embedded server ({@link RawPg}).
 */
public final class RawPgRecords {

    private RawPgRecords() {
    }

    /** A writer into a table in a fresh schema (the directory is not used). */
    public static RecordWriter open(Path directory) throws SQLException {
        String schema = RawPg.createTable();
        Connection connection = RawPg.writeConnection();
        return new RecordWriter(connection, RawPg.prepareInsert(connection, schema), (insert, id, timestamp) -> {
            insert.setObject(5, id);
            insert.setTimestamp(7, new Timestamp(timestamp));
        });
    }
}
