package dev.vellum.sqlite.projection.internal;

import dev.vellum.jdbc.spi.readmodel.ReaderDataSource;
import dev.vellum.store.VellumException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

/**
 * The readers of a SQLite read-model file: each connection is a new read-only connection to the
 * file, which in WAL mode reads the last commit without waiting for the writer. Opening one costs
 * about a file open; callers that query often may pool them.
 */
final class SqliteReaders extends ReaderDataSource {

    private final Path file;
    private final BooleanSupplier closed;

    SqliteReaders(Path file, BooleanSupplier closed) {
        this.file = file;
        this.closed = closed;
    }

    @Override
    protected Connection open() throws SQLException {
        if (closed.getAsBoolean()) {
            throw new SQLException("The read models in '" + file + "' are closed: open them again.");
        }
        try {
            return ReadModelConnections.openReader(file);
        } catch (VellumException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }
}
