/**
 * SQL read models on SQLite: {@link dev.vellum.sqlite.projection.SqliteReadModel} keeps projections'
 * tables and checkpoints in one database file (exactly once), and
 * {@link dev.vellum.sqlite.projection.InlineProjection} updates a read model inside the append's own
 * transaction in the event store's file.
 */
package dev.vellum.sqlite.projection;
