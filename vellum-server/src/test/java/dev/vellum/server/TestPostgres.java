package dev.vellum.server;

import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.postgres.PostgresReadModel;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL server for the test JVM (from the binaries on the test class path),
 * stopped when the JVM exits; each store opened here gets a fresh schema.
 */
final class TestPostgres {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestPostgres() {
    }

    private static synchronized DataSource database() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        return postgres.getPostgresDatabase();
    }

    /** A store in a schema no other test used. */
    static PostgresEventStore freshStore() {
        return PostgresEventStore.builder(database()).schema("server_" + SCHEMAS.incrementAndGet()).open();
    }

    /** A schema name no other test used. */
    static String freshSchema() {
        return "shared_" + SCHEMAS.incrementAndGet();
    }

    /** A store instance on the log in {@code schema}, for one of several nodes sharing it. */
    static PostgresEventStore store(String schema) {
        return PostgresEventStore.builder(database()).schema(schema).open();
    }

    /** Connections whose current schema is {@code schema}, created when missing: one node's read models and leases. */
    static DataSource readModels(String schema) {
        try (Connection c = database().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create schema " + schema, e);
        }
        return postgres.getDatabase("postgres", "postgres", Map.of("currentSchema", schema));
    }

    /** Read models in a schema no other test used (its connections' current schema). */
    static PostgresReadModel freshReadModel() {
        String schema = "read_" + SCHEMAS.incrementAndGet();
        try (Connection c = database().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create schema " + schema, e);
        }
        return PostgresReadModel.open(postgres.getDatabase("postgres", "postgres", Map.of("currentSchema", schema)));
    }
}
