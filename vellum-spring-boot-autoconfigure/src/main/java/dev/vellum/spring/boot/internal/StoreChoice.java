package dev.vellum.spring.boot.internal;

import dev.vellum.spring.boot.VellumConfigurationException;
import dev.vellum.spring.boot.VellumProperties;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Which database the event store, its read models and leases are to use, decided at the context's
 * start from the properties and the application's DataSource beans, without connecting or opening
 * anything: so a wrong setting is refused at start, while the store itself opens only once a bean needs
 * it. Whether the DataSource really is PostgreSQL takes a connection, so {@link Stores} checks it when
 * it opens the store.
 *
 * @param postgres the DataSource the store is to use; {@code null} for SQLite and the in-memory store
 */
public record StoreChoice(DataSource postgres) {

    /**
     * Decides: the application's DataSource ({@code chosen}, asked only then) under {@code auto} and
     * {@code postgres}; none for SQLite and the in-memory store.
     *
     * @throws VellumConfigurationException for {@code postgres} without a DataSource, or leases without
     *     PostgreSQL
     */
    public static StoreChoice of(VellumProperties properties, Supplier<DataSource> chosen) {
        DataSource postgres = postgres(properties, chosen);
        if (properties.getLeases().isEnabled() && postgres == null) {
            throw new VellumConfigurationException("vellum.leases.enabled needs the"
                    + " PostgreSQL store, but it is " + (properties.getStore() == VellumProperties.Store.MEMORY ? "in memory" : "SQLite")
                    + " here: give the"
                    + " application a PostgreSQL DataSource, or set vellum.leases.enabled=false (one instance per SQLite file).");
        }
        return new StoreChoice(postgres);
    }

    private static DataSource postgres(VellumProperties properties, Supplier<DataSource> chosen) {
        VellumProperties.Store kind = properties.getStore();
        if (kind == VellumProperties.Store.SQLITE || kind == VellumProperties.Store.MEMORY) {
            return null;
        }
        DataSource dataSource = chosen.get();
        if (dataSource == null && kind == VellumProperties.Store.POSTGRES) {
            throw new VellumConfigurationException("vellum.store=postgres, but the application has no single DataSource"
                    + " bean: add spring-boot-starter-jdbc and spring.datasource.url (jdbc:postgresql://...), or set"
                    + " vellum.store=sqlite.");
        }
        return dataSource;
    }
}
