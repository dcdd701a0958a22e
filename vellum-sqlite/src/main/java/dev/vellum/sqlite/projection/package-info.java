/**
 * SQL read models on SQLite: {@link dev.vellum.sqlite.projection.SqliteReadModel} keeps projections'
 * tables and checkpoints in one database file (exactly once). A read model updated inside the
 * append's own transaction, in the event store's file, is the store's
 * {@link dev.vellum.sqlite.InlineProjection}.
 */
package dev.vellum.sqlite.projection;
