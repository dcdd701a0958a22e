/**
 * The service-provider interface for a SQL event store, shared by SQLite and PostgreSQL and
 * published for a third (MySQL, a cloud database): a store extends
 * {@link dev.vellum.jdbc.JdbcEventStore} and supplies a {@link dev.vellum.jdbc.spi.StoreEngine}.
 * The engine reads with the shared {@link dev.vellum.jdbc.spi.EventQueries},
 * {@link dev.vellum.jdbc.spi.CatalogQueries} and {@link dev.vellum.jdbc.spi.StreamStateRows} over
 * the common schema, through its {@link dev.vellum.jdbc.spi.Dialect}; it writes through a
 * group-commit writer of its own that takes {@link dev.vellum.jdbc.spi.WriteRequest}s from a
 * {@link dev.vellum.jdbc.spi.WriteQueue} and answers each with a
 * {@link dev.vellum.jdbc.spi.WriteOutcome}; {@link dev.vellum.jdbc.spi.SqlFailures} tells which driver
 * errors mean the database is out of reach, so that the store answers with the right typed error.
 * SQL read models beside their checkpoints are in {@code dev.vellum.jdbc.spi.readmodel}.
 *
 * <p>How to write and certify a store: {@code vellum-store-tck/README.md}. Applications never
 * need this package; they get it with a store.
 */
package dev.vellum.jdbc.spi;
