/**
 * What the JDBC event stores (SQLite, PostgreSQL) share, and the {@link dev.vellum.jdbc.spi.Dialect}
 * hooks through which they differ. Not API: used only by Vellum's own store modules.
 */
package dev.vellum.jdbc.internal;
