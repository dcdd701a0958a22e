package dev.vellum.projection.sql;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A database holding SQL read models together with their checkpoints, so each event is applied
 * exactly once (see {@link SqlContext}). Queries read through {@link #readers()} (or
 * {@link #openReader()}), naming tables by their plain names, which are views over the active
 * versions' tables.
 *
 * <p>The bookkeeping reads ({@link #checkpoints}, {@link #active}, {@link #parkedEvents})
 * go through such readers too, never through the projections' writer: they answer while a batch
 * is in progress, however long its handler takes.
 */
public interface SqlReadModel extends CheckpointStore<SqlContext> {

    /**
     * A data source of read-only connections to the read models, safe to use beside the projections
     * writing here: hand it to plain JDBC, jdbi, jOOQ or Spring's {@code JdbcClient}. Each
     * connection is the caller's to close; each query sees one committed state (never half a batch,
     * never a version that has not taken over yet), and never waits for a batch in progress.
     */
    DataSource readers();

    /**
     * Opens a read-only connection of {@link #readers()}; close it when done.
     *
     * @throws ProjectionException when the read models cannot be reached or are closed
     */
    default Connection openReader() {
        try {
            return readers().getConnection();
        } catch (SQLException e) {
            throw new ProjectionException("Could not open a reader on the read models: " + e.getMessage(), e);
        }
    }
}
