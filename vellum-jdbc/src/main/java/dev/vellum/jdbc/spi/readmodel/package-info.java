/**
 * For a SQL store that keeps read models beside their checkpoints, in the same database and
 * transaction (exactly once, guarantee 5): the bookkeeping tables
 * ({@link dev.vellum.jdbc.spi.readmodel.ProjectionTables}, read with
 * {@link dev.vellum.jdbc.spi.readmodel.BookkeepingReads}), a version's tables, views, take-over and
 * drop ({@link dev.vellum.jdbc.spi.readmodel.SqlSession}), the unit of work
 * ({@link dev.vellum.jdbc.spi.readmodel.ReadModelTransaction}) and read-only connections for queries
 * ({@link dev.vellum.jdbc.spi.readmodel.ReaderDataSource}). A store supplies a
 * {@link dev.vellum.jdbc.spi.readmodel.ReadModelDialect}: the bookkeeping DDL and how to find a base
 * table. SQLite gives its one write connection to one unit of work at a time; PostgreSQL lends each
 * unit of work a connection of its own.
 */
package dev.vellum.jdbc.spi.readmodel;
