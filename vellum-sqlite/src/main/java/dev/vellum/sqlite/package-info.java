/**
 * The embedded SQLite event store: {@link dev.vellum.sqlite.SqliteEventStore#open(java.nio.file.Path)}
 * or {@link dev.vellum.sqlite.SqliteEventStore#builder(java.nio.file.Path)}, with the
 * {@link dev.vellum.sqlite.InlineProjection}s its builder runs inside each append's transaction. See
 * the module README for its durability modes and guarantees.
 */
package dev.vellum.sqlite;
