package dev.vellum.server;

import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.store.EventStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The store's resources on PostgreSQL: one embedded server for the test class (from the binaries on
 * the test class path), a fresh schema per test.
 */
class PostgresStoreApiTest extends StoreApiTests {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres postgres;

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

    @Override
    EventStore openStore(Path directory) {
        return PostgresEventStore.builder(database()).schema("server_api_" + SCHEMAS.incrementAndGet()).open();
    }
}
