/**
 * The embedded event store on SQLite, and SQL read models beside it: configured through
 * {@code dev.vellum.sqlite} and {@code dev.vellum.sqlite.projection}; the {@code internal}
 * packages are not exported.
 */
module dev.vellum.sqlite {
    requires transitive dev.vellum.core;
    requires transitive dev.vellum.jdbc;
    requires org.slf4j;
    requires org.xerial.sqlitejdbc;

    exports dev.vellum.sqlite;
    exports dev.vellum.sqlite.projection;
}
