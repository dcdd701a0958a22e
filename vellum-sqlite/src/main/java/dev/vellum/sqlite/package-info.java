/**
 * The embedded SQLite event store: {@link dev.vellum.sqlite.SqliteEventStore#open(java.nio.file.Path)}
 * or {@link dev.vellum.sqlite.SqliteEventStore#builder(java.nio.file.Path)}. See the module README
 * for its durability modes and guarantees.
 */
package dev.vellum.sqlite;
