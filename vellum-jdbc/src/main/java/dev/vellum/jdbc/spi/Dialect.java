package dev.vellum.jdbc.spi;

import java.sql.SQLException;

/**
 * What differs between the SQL databases Vellum stores events in; everything else about the
 * {@code events} and {@code streams} tables is shared ({@link EventQueries}, {@link CatalogQueries},
 * {@link StreamStateRows}). A store implements it for its database, with the same table and column
 * names as SQLite's and PostgreSQL's (see either store's README for the schema).
 */
public interface Dialect {

    /** The name to use for a Vellum table in SQL, e.g. {@code events} or {@code "vellum".events}. */
    String table(String name);

    /** An expression giving {@code recorded_at} as epoch milliseconds (a {@code bigint}). */
    String recordedAtMillis();

    /**
     * The parameter marker for a UUID column such as {@code event_id}, whose value is bound as its
     * text with {@code setString}: {@code ?} where UUIDs are stored as text, a cast where the column
     * has a UUID type (so the comparison stays on the column's index).
     */
    String uuidParameter();

    /**
     * A condition that keeps only events no concurrent transaction can still precede, added to
     * every read of the global log and to its head; {@code null} when commit order already
     * guarantees it (a database with a single writer).
     */
    String logVisibility();

    /**
     * An expression giving the category of the stream name in {@code column}: the part before the
     * first {@code -}, or the whole name (see {@link dev.vellum.store.StreamId#category()}).
     */
    String categoryOf(String column);

    /**
     * True when {@code e} means the transaction lost a race with another one (a unique key taken
     * meanwhile, a serialization failure, a deadlock) and running it again from the start will
     * see the winner's writes.
     */
    boolean isConflict(SQLException e);
}
