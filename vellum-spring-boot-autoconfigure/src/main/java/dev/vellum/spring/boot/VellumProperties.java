package dev.vellum.spring.boot;

import dev.vellum.postgres.SchemaMode;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Vellum's settings in a Spring Boot application, under {@code vellum.*}. The store is PostgreSQL
 * when the application has a {@code DataSource}, the embedded SQLite store in a file otherwise
 * ({@link #getStore()}).
 */
@ConfigurationProperties("vellum")
public class VellumProperties {

    /** Which event store to open. */
    public enum Store {
        /** PostgreSQL on the application's DataSource when it has one, SQLite otherwise. */
        AUTO,
        /** PostgreSQL on the application's DataSource; refuses to start without one. */
        POSTGRES,
        /** The embedded SQLite store in {@code vellum.sqlite.path}, even when there is a DataSource. */
        SQLITE,
        /**
         * The in-memory store, for tests: nothing survives the context; read models, outboxes and timers
         * in the SQLite file {@code vellum.sqlite.read-models-path}.
         */
        MEMORY
    }

    /** Which event store to open: auto (PostgreSQL when there is a DataSource, SQLite otherwise), postgres, sqlite, or memory (tests). */
    private Store store = Store.AUTO;

    /**
     * This instance's name among those sharing the store: shown in worker statuses, and the lease owner
     * under leases. Default: the host name and the process id.
     */
    private String node;

    /**
     * The name of the DataSource bean the PostgreSQL store uses, when the application has several;
     * default: its single (or primary) DataSource.
     */
    private String datasource;

    private final Sqlite sqlite = new Sqlite();
    private final Postgres postgres = new Postgres();
    private final Leases leases = new Leases();
    private final Metrics metrics = new Metrics();
    private final Server server = new Server();

    public Store getStore() {
        return store;
    }

    public void setStore(Store store) {
        this.store = store;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public String getDatasource() {
        return datasource;
    }

    public void setDatasource(String datasource) {
        this.datasource = datasource;
    }

    public Sqlite getSqlite() {
        return sqlite;
    }

    public Postgres getPostgres() {
        return postgres;
    }

    public Leases getLeases() {
        return leases;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Server getServer() {
        return server;
    }

    /** The embedded store, when there is no DataSource (or {@code vellum.store=sqlite}). */
    public static class Sqlite {

        /** The event store's database file (created with its directory when missing); default vellum/vellum.db in the working directory. */
        private Path path = Path.of("vellum", "vellum.db");

        /** The read models' database file (projections, reactors' outboxes, timers); default: read-models.db beside the store's file. */
        private Path readModelsPath;

        public Path getPath() {
            return path;
        }

        public void setPath(Path path) {
            this.path = path;
        }

        public Path getReadModelsPath() {
            return readModelsPath;
        }

        public void setReadModelsPath(Path readModelsPath) {
            this.readModelsPath = readModelsPath;
        }
    }

    /** The PostgreSQL store, on the application's DataSource. */
    public static class Postgres {

        /** The schema the event store's tables live in (created when missing). */
        private String schema = "vellum";

        /** migrate: create or migrate the tables on start; validate: change nothing and refuse to start unless they are at this version. */
        private SchemaMode schemaMode = SchemaMode.MIGRATE;

        /** The schema of the read models (and of timers, outboxes); default: the DataSource connections' current schema. */
        private String readModelSchema;

        /** Group-commit transactions that may run at once, each on its own connection of the pool. */
        private int writers = 1;

        public String getSchema() {
            return schema;
        }

        public void setSchema(String schema) {
            this.schema = schema;
        }

        public SchemaMode getSchemaMode() {
            return schemaMode;
        }

        public void setSchemaMode(SchemaMode schemaMode) {
            this.schemaMode = schemaMode;
        }

        public String getReadModelSchema() {
            return readModelSchema;
        }

        public void setReadModelSchema(String readModelSchema) {
            this.readModelSchema = readModelSchema;
        }

        public int getWriters() {
            return writers;
        }

        public void setWriters(int writers) {
            this.writers = writers;
        }
    }

    /** Running each projection, reactor and process manager on one instance at a time (PostgreSQL only). */
    public static class Leases {

        /** Whether workers run under leases, so several instances can share one PostgreSQL database. */
        private boolean enabled;

        /** How long a lease lasts without renewal: another instance takes over within about this after its owner dies. */
        private Duration timeToLive = Duration.ofSeconds(10);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getTimeToLive() {
            return timeToLive;
        }

        public void setTimeToLive(Duration timeToLive) {
            this.timeToLive = timeToLive;
        }
    }

    /** The workers' meters in the application's MeterRegistry. */
    public static class Metrics {

        /** How often the worker gauges are set from the workers' statuses. */
        private Duration refresh = Duration.ofSeconds(5);

        public Duration getRefresh() {
            return refresh;
        }

        public void setRefresh(Duration refresh) {
            this.refresh = refresh;
        }
    }

    /**
     * The Vellum server (HTTP API and web console, {@code vellum-server} on the class path) on a port of
     * its own, over the application's store and workers.
     */
    public static class Server {

        /** Whether to start the Vellum HTTP API and web console with the application (needs vellum-server on the class path). */
        private boolean enabled;

        /** The address it listens on; an address other than loopback needs vellum.server.users. */
        private String bind = "127.0.0.1";

        /** Its port, apart from the application's (server.port) and management ports; 0 picks a free one. */
        private int port = 8090;

        /**
         * A users file (one user a line: NAME ROLE sha256:HEX, ROLE viewer or operator, as for vellum serve --users);
         * required when Spring Security is on the class path. Without it: an operator token made at each start, loopback only.
         */
        private Path users;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getBind() {
            return bind;
        }

        public void setBind(String bind) {
            this.bind = bind;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public Path getUsers() {
            return users;
        }

        public void setUsers(Path users) {
            this.users = users;
        }
    }
}
