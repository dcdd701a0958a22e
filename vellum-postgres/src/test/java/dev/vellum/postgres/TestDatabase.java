package dev.vellum.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One real PostgreSQL server per test JVM, started on first use from the binaries on the test class
 * path and stopped when the JVM exits; tests keep apart by using a fresh schema each. The server runs
 * without fsync, which only matters for power loss, to keep the suite fast on small machines.
 */
final class TestDatabase {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static HikariDataSource pool;

    private TestDatabase() {
    }

    /** A pool of connections to the test database, shared by all tests; never closed by them. */
    static synchronized DataSource dataSource() {
        if (pool == null) {
            if (server != null) {
                throw new IllegalStateException("The test database failed to start before; see the first error");
            }
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
            config.setUsername("postgres");
            config.setMaximumPoolSize(60);
            config.setPoolName("vellum-tests");
            pool = new HikariDataSource(config);
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop));
        }
        return pool;
    }

    /** The JDBC URL of the test database, for tests that need connections of their own. */
    static synchronized String jdbcUrl() {
        dataSource();
        return server.getJdbcUrl("postgres", "postgres");
    }

    /**
     * A small pool whose connections have {@code schema} (created here when missing) as their current
     * schema, for read models; the caller closes it.
     */
    static HikariDataSource dataSourceIn(String schema, int poolSize) {
        try (java.sql.Connection c = dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Could not create schema " + schema, e);
        }
        return pool(jdbcUrl(), schema, poolSize);
    }

    /** A pool on {@code jdbcUrl} (as {@link #jdbcUrl()} gives it) with {@code schema} current; also for child JVMs. */
    static HikariDataSource pool(String jdbcUrl, String schema, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl + "&currentSchema=" + schema);
        config.setUsername("postgres");
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("vellum-" + schema);
        return new HikariDataSource(config);
    }

    /** A schema name no test used before in this JVM. */
    static String freshSchema() {
        return "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    }

    private static synchronized void stop() {
        try {
            pool.close();
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
