package dev.vellum.jdbc.spi.readmodel;

import java.util.List;

/**
 * What differs between the SQL databases that hold read models beside their checkpoints; the
 * bookkeeping statements, versioned tables, views and take-over are shared.
 *
 * @param bookkeepingDdl creates the bookkeeping tables when missing (each statement idempotent)
 * @param plainTableQuery one parameter, a table name: returns a row when a base table (not a view)
 *     of that name exists where read models are created
 */
public record ReadModelDialect(List<String> bookkeepingDdl, String plainTableQuery) {

    /** Copies the list. */
    public ReadModelDialect {
        bookkeepingDdl = List.copyOf(bookkeepingDdl);
    }
}
