package dev.vellum.spring.boot.internal;

import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.postgres.PostgresReadModel;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.spring.boot.VellumConfigurationException;
import dev.vellum.spring.boot.VellumProperties;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventStore;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.VellumClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Opens the event store and the read models the properties and the {@link StoreChoice} ask for:
 * PostgreSQL on the application's DataSource, SQLite in files, or (tests) the in-memory store with its
 * read models in a SQLite file.
 */
public final class Stores {

    private Stores() {
    }

    /**
     * The event store: PostgreSQL on the chosen DataSource when there is one, else in memory for
     * {@code vellum.store=memory} (its events stamped by {@code clock} when that is a {@link Clock}, as a
     * test's {@code ManualClock} is), SQLite otherwise.
     *
     * @throws VellumConfigurationException when the chosen DataSource cannot be reached or is not PostgreSQL
     */
    public static EventStore eventStore(VellumProperties properties, StoreChoice choice, VellumClock clock) {
        if (properties.getStore() == VellumProperties.Store.MEMORY) {
            return new InMemoryEventStore(clock instanceof Clock stamps ? stamps : Clock.systemUTC());
        }
        if (choice.postgres() != null) {
            VellumProperties.Postgres p = properties.getPostgres();
            return PostgresEventStore.builder(requirePostgres(choice.postgres())).schema(p.getSchema())
                    .schemaMode(p.getSchemaMode()).writers(p.getWriters()).open();
        }
        Path file = properties.getSqlite().getPath().toAbsolutePath();
        createParent(file);
        return SqliteEventStore.open(file);
    }

    /** The read models: on PostgreSQL beside a PostgreSQL store ({@code dataSource}), in a SQLite file otherwise. */
    public static SqlReadModel readModel(VellumProperties properties, EventStore store, DataSource dataSource) {
        if (store instanceof PostgresEventStore && dataSource != null) {
            PostgresReadModel.Builder builder = PostgresReadModel.builder(requirePostgres(dataSource));
            String schema = properties.getPostgres().getReadModelSchema();
            if (schema != null && !schema.isBlank()) {
                builder.schema(schema);
            }
            return builder.open();
        }
        Path file = properties.getSqlite().getReadModelsPath();
        if (file == null) {
            file = properties.getSqlite().getPath().toAbsolutePath().resolveSibling("read-models.db");
        }
        file = file.toAbsolutePath();
        createParent(file);
        return SqliteReadModel.open(file);
    }

    private static DataSource requirePostgres(DataSource dataSource) {
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new VellumConfigurationException("Could not reach the application's DataSource to open the PostgreSQL"
                    + " event store: " + e.getMessage() + ". Check spring.datasource.*, or set vellum.store=sqlite.", e);
        }
        if (!"PostgreSQL".equalsIgnoreCase(product)) {
            throw new VellumConfigurationException("The application's DataSource is " + product + ", not PostgreSQL:"
                    + " Vellum stores events in PostgreSQL or in an embedded SQLite file. Set vellum.store=sqlite"
                    + " (and vellum.sqlite.path), or point the DataSource at PostgreSQL.");
        }
        return dataSource;
    }

    private static void createParent(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the directory of " + file
                    + ": check vellum.sqlite.path and the application's file permissions", e);
        }
    }
}
