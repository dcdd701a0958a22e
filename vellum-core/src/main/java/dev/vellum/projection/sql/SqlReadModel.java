package dev.vellum.projection.sql;

import dev.vellum.projection.CheckpointStore;
import java.sql.Connection;

/**
 * A database holding SQL read models together with their checkpoints, so each event is applied
 * exactly once (see {@link SqlContext}). Queries read through {@link #openReader()}, naming tables
 * by their plain names, which are views over the active versions' tables.
 */
public interface SqlReadModel extends CheckpointStore<SqlContext> {

    /**
     * Opens a read-only connection to the read models; close it when done. Each query sees one
     * committed state: never half a batch, never a version that has not taken over yet.
     */
    Connection openReader();
}
