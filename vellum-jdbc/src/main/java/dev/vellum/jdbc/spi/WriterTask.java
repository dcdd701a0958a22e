package dev.vellum.jdbc.spi;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work that must run on the write connection, inside the writer's transaction (see
 * {@link WriteRequest.Task}): it must neither commit nor roll back.
 */
@FunctionalInterface
public interface WriterTask<T> {

    /** Runs on the writer thread; the result is handed to the caller after the commit. */
    T run(Connection connection) throws SQLException;
}
