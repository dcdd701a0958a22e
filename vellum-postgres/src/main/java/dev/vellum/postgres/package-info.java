/**
 * The PostgreSQL event store: {@link dev.vellum.postgres.PostgresEventStore#open(javax.sql.DataSource)}
 * or {@link dev.vellum.postgres.PostgresEventStore#builder(javax.sql.DataSource)}. See the module
 * README for its guarantees, and decision record 11 for how the global log stays free of skips.
 */
package dev.vellum.postgres;
