package dev.vellum.bench.kafka;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Where the raw consumer loop writes records: plain JDBC into a table of Vellum's shape, with no
 * Vellum code: {@link #add} binds one row to a batch, {@link #commit} runs the batch and commits it.
 */
public interface RecordWriter extends AutoCloseable {

    /** Opens a writer for one run, in {@code directory} (SQLite) or a fresh schema (PostgreSQL). */
    @FunctionalInterface
    interface Opener {
        /** The writer of one run. */
        RecordWriter open(Path directory) throws SQLException;
    }

    /** Adds the row of one record to the batch: revision {@code revision} of {@code stream}. */
    void add(String stream, long revision, String data, long timestamp) throws SQLException;

    /** Runs the batch with one {@code executeBatch} and commits it. */
    void commit() throws SQLException;

    @Override
    void close() throws SQLException;
}
