package dev.vellum.sqlite.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work that must run on the store's one write connection, inside the writer's transaction (see
 * {@link WriterJob.Task}), such as saving a snapshot: it must neither commit nor roll back.
 */
@FunctionalInterface
public interface WriterTask<T> {

    /** Runs on the writer thread; the result is handed to the caller after the commit. */
    T run(Connection connection) throws SQLException;
}
