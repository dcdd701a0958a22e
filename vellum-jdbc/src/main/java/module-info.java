/**
 * What Vellum's SQL stores share, published for store authors: {@code dev.vellum.jdbc}
 * ({@code JdbcEventStore}, the base a SQL store extends), {@code dev.vellum.jdbc.spi} (the engine,
 * dialect, shared queries, write requests and queue) and {@code dev.vellum.jdbc.spi.readmodel}
 * (SQL read models beside their checkpoints). The {@code internal} packages are not exported.
 */
module dev.vellum.jdbc {
    requires transitive dev.vellum.core;
    requires transitive java.sql;

    exports dev.vellum.jdbc;
    exports dev.vellum.jdbc.spi;
    exports dev.vellum.jdbc.spi.readmodel;
}
