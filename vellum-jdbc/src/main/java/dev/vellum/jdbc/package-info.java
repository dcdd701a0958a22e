/**
 * The base of Vellum's JDBC event stores ({@code SqliteEventStore}, {@code PostgresEventStore}):
 * {@link dev.vellum.jdbc.JdbcEventStore} checks arguments and delegates to the store's engine.
 * Applications use the concrete stores; they do not extend this class.
 */
package dev.vellum.jdbc;
