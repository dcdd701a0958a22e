/**
 * The PostgreSQL event store: {@link dev.vellum.postgres.PostgresEventStore#open(javax.sql.DataSource)}
 * or {@link dev.vellum.postgres.PostgresEventStore#builder(javax.sql.DataSource)}. See the module
 * README for its guarantees, and decision record 11 for how the global log stays free of skips.
 * SQL read models: {@link dev.vellum.postgres.PostgresReadModel}. Several nodes on one database:
 * {@link dev.vellum.postgres.Leases} runs each projection, reactor and process manager on one of
 * them at a time (decision record 12).
 */
package dev.vellum.postgres;
