/**
 * SQL read models: the {@link dev.vellum.projection.sql.SqlContext} a handler writes through, in the
 * same transaction as its checkpoint (exactly once), and the {@link dev.vellum.projection.sql.SqlReadModel}
 * port that stores with SQL implement. Only JDBC interfaces: no database is bundled here.
 */
package dev.vellum.projection.sql;
