/**
 * The PostgreSQL event store, its read models, and leases for running workers on several nodes:
 * configured through {@code dev.vellum.postgres}; {@code dev.vellum.postgres.internal} is not
 * exported.
 */
module dev.vellum.postgres {
    requires transitive dev.vellum.core;
    requires transitive dev.vellum.jdbc;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;
    requires org.slf4j;

    exports dev.vellum.postgres;
}
