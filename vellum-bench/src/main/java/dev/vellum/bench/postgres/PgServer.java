package dev.vellum.bench.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The PostgreSQL server the PostgreSQL rows run on: one embedded PostgreSQL (binaries from Maven
 * Central) per bench run, started on first use with the server's default durability
 * ({@code fsync=on}, {@code synchronous_commit=on}: an acknowledged commit is on disk, as with
 * SQLite's {@code FULL}), and stopped when the JVM exits. Vellum and the raw baselines use the same
 * server and the same pool; each run gets a fresh schema, so no run inherits a bigger table.
 */
final class PgServer {

    /** Connections in the shared pool: enough for 64 raw writers plus a store's writers and reads. */
    private static final int POOL = 90;
    private static final AtomicLong SCHEMAS = new AtomicLong();
    private static HikariDataSource pool;
    private static EmbeddedPostgres server;

    private PgServer() {
    }

    /** The pool of connections to the bench database. */
    static synchronized DataSource dataSource() {
        if (pool == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_connections", "150")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
            config.setMaximumPoolSize(POOL);
            config.setPoolName("vellum-bench");
            pool = new HikariDataSource(config);
            Runtime.getRuntime().addShutdownHook(new Thread(PgServer::stop));
        }
        return pool;
    }

    /** A schema name no run used before. */
    static String freshSchema() {
        return "bench_" + SCHEMAS.incrementAndGet();
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
