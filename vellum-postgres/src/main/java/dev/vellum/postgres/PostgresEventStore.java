package dev.vellum.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.vellum.jdbc.JdbcEventStore;
import dev.vellum.jdbc.spi.WriteQueue;
import dev.vellum.postgres.internal.SearchPath;
import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;
import dev.vellum.store.spi.AppendSignal;
import dev.vellum.store.spi.AppendValidation;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The event store on PostgreSQL 13 or newer, for production and for several application nodes
 * sharing one database. Concurrent appends share transactions (group commit); live subscriptions
 * are woken by {@code LISTEN/NOTIFY} from any node; reads of the global log stop below the oldest
 * transaction still in flight, so a subscriber never skips an event that commits late (see
 * {@link #lag()} for what that costs). {@link #readEvent} is not held back that way: an event is
 * found as soon as its append committed, even while an older transaction keeps it out of the
 * readable log.
 *
 * <pre>{@code
 * try (PostgresEventStore store = PostgresEventStore.open(dataSource)) {
 *     store.append(StreamId.of("order-42"), ExpectedRevision.noStream(),
 *             EventData.of("OrderPlaced", "{\"total\":42}"));
 * }
 * }</pre>
 */
public final class PostgresEventStore extends JdbcEventStore {

    /** How long appends and reads wait for a connection of the store's own pool unless set. */
    private static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** How long a connection of the store waits for the server's answer unless set. */
    private static final Duration DEFAULT_NETWORK_TIMEOUT = Duration.ofSeconds(30);

    private final PgEngine engine;
    private final HikariDataSource ownPool;
    private final SnapshotStore snapshots;

    private PostgresEventStore(PgEngine engine, AppendSignal signal, HikariDataSource ownPool) {
        super(engine.toString(), engine, signal);
        this.engine = engine;
        this.ownPool = ownPool;
        this.snapshots = engine.snapshots(this::isClosed);
    }

    /**
     * Opens the store in schema {@code vellum} of the database {@code dataSource} connects to,
     * creating or migrating its tables. Give a pooled data source; the store does not close it.
     */
    public static PostgresEventStore open(DataSource dataSource) {
        return builder(dataSource).open();
    }

    /** Starts configuring a store on a data source of yours (pooled), which the store does not close. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"), null);
    }

    /**
     * Starts configuring a store that keeps its own HikariCP pool for {@code jdbcUrl} (for example
     * {@code jdbc:postgresql://db:5432/app}), closed with the store.
     */
    public static Builder builder(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        config.setUsername(user);
        config.setPassword(password);
        return new Builder(null, config);
    }

    /**
     * Appends in the caller's transaction on {@code transaction} (auto-commit off), so the events
     * commit or roll back with the caller's other writes, for example a read model or a process's
     * state in the same database. The same rules and typed errors as {@link #append}; a refused
     * append writes nothing and leaves the transaction usable. Subscribers see the events once the
     * caller commits. The connection must reach the database this store is in.
     */
    public AppendResult appendInTransaction(Connection transaction, StreamId stream, ExpectedRevision expected,
            List<EventData> events) {
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(expected, "expected");
        List<String> metadata = AppendValidation.validate(stream, events);
        checkOpen();
        return engine.appendInTransaction(transaction, stream, expected, List.copyOf(events), metadata);
    }

    /** Varargs form of {@link #appendInTransaction(Connection, StreamId, ExpectedRevision, List)}. */
    public AppendResult appendInTransaction(Connection transaction, StreamId stream, ExpectedRevision expected,
            EventData... events) {
        return appendInTransaction(transaction, stream, expected, Arrays.asList(events));
    }

    /**
     * How far the readable end of the log ({@link #head()}) trails what has committed, and how long
     * the transaction holding it back has run. Watch it: a transaction left open anywhere in the
     * database cluster stops every subscription at the events committed after it began.
     */
    public WatermarkLag lag() {
        checkOpen();
        return engine.lag();
    }

    /**
     * The snapshot store kept in this store's schema (table {@code snapshots}). Each save is one
     * upsert on a pooled connection, beside group commit rather than through it: PostgreSQL takes
     * concurrent writers. It refuses calls once this store is closed.
     */
    public SnapshotStore snapshots() {
        return snapshots;
    }

    /**
     * Closes the pool the store opened (never a data source you gave it), once {@link #close()}
     * has committed the queued writes and stopped the subscriptions and the listener.
     */
    @Override
    protected void closeResources() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    /** How many write transactions committed since opening; for tests and diagnostics. */
    long commits() {
        return engine.commits();
    }

    /** Settings for {@link PostgresEventStore}; each has a sensible default. */
    public static final class Builder {

        private final DataSource dataSource;
        private final HikariConfig poolConfig;
        private String schema = "vellum";
        private SchemaMode schemaMode = SchemaMode.MIGRATE;
        private int writers = 1;
        private int writeQueueCapacity = 10_000;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private Duration networkTimeout = DEFAULT_NETWORK_TIMEOUT;

        private Builder(DataSource dataSource, HikariConfig poolConfig) {
            this.dataSource = dataSource;
            this.poolConfig = poolConfig;
        }

        /** The schema the tables live in: {@code vellum} unless set; letters, digits and {@code _}, at most 50. */
        public Builder schema(String name) {
            this.schema = SearchPath.check(name);
            return this;
        }

        /** Whether opening creates and migrates the tables ({@link SchemaMode#MIGRATE}, the default) or only checks them. */
        public Builder schemaMode(SchemaMode mode) {
            this.schemaMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * How many transactions group commit runs at once, each on its own connection; 1 unless set.
         * One writer makes the largest batches, so the least CPU per event (see decision record 14);
         * more can pay when the database's commits, not CPU, are the limit. With more than one, appends
         * one thread queues without waiting ({@code appendAsync}) may commit in another order, so one
         * that expects the revision of another still in flight can fail on it.
         */
        public Builder writers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("writers must be 1 or more, got " + count);
            }
            this.writers = count;
            return this;
        }

        /** How many appends and deletes may wait for a writer before callers block; 10,000 unless set. */
        public Builder writeQueueCapacity(int capacity) {
            this.writeQueueCapacity = WriteQueue.checkCapacity(capacity);
            return this;
        }

        /**
         * How long an append, a read or the listener waits for a connection from the pool the store
         * keeps for itself ({@link PostgresEventStore#builder(String, String, String)}) before it
         * fails with {@link dev.vellum.store.StoreUnavailableException} (nothing written); 5 s unless
         * set, at least 250 ms. With a data source of yours, its own pool's setting bounds the wait
         * (HikariCP's {@code connectionTimeout}, 30 s unless set: set it to a few seconds too), and
         * this setting is refused.
         */
        public Builder connectionTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (poolConfig == null) {
                throw new IllegalStateException("connectionTimeout is for the pool the store keeps for itself; "
                        + "this store uses your data source: set the timeout on its pool (HikariCP: "
                        + "setConnectionTimeout).");
            }
            if (timeout.compareTo(Duration.ofMillis(250)) < 0) {
                throw new IllegalArgumentException("connectionTimeout must be 250 ms or more, got " + timeout);
            }
            this.connectionTimeout = timeout;
            return this;
        }

        /**
         * How long each connection the store uses (for appends, reads, subscriptions, the listener,
         * snapshots) waits for the server's answer to what it sent before it gives the connection up
         * as lost; 30 s unless set, at least 1 s. This is what bounds a call when the network goes
         * silent (a split, a host gone without a reset), where PgJDBC on its own would wait for ever
         * (its {@code socketTimeout} is unlimited unless set): the call then fails with a
         * {@link dev.vellum.time.TransientFailure} ({@code StoreUnavailableException}, or
         * {@code AppendOutcomeUnknownException} for an append cut off while committing). Keep it well
         * above your slowest statement; an append parked behind a locked stream gets its 30 s lock wait
         * on top. Set on each connection while the store uses it (your pool's or its own), and put back
         * when the connection is returned.
         */
        public Builder networkTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("networkTimeout must be between 1 s and 1 day, got " + timeout);
            }
            this.networkTimeout = timeout;
            return this;
        }

        /** Opens the store, creating or checking its tables as the schema mode says. */
        public PostgresEventStore open() {
            HikariDataSource pool = null;
            DataSource source = dataSource;
            if (source == null) {
                poolConfig.setMaximumPoolSize(Math.max(10, writers + 4));
                poolConfig.setPoolName("vellum-" + schema);
                poolConfig.setConnectionTimeout(connectionTimeout.toMillis());
                // a new connection's TCP connect and login are bounded by the connection wait too (PgJDBC
                // waits 10 s to connect and, without a login timeout, for ever for the server's greeting)
                long seconds = Math.max(1, (connectionTimeout.toMillis() + 999) / 1_000);
                poolConfig.addDataSourceProperty("connectTimeout", Long.toString(seconds));
                poolConfig.addDataSourceProperty("loginTimeout", Long.toString(seconds));
                poolConfig.addDataSourceProperty("tcpKeepAlive", "true");
                try {
                    pool = new HikariDataSource(poolConfig);
                } catch (HikariPool.PoolInitializationException e) {
                    // the pool's first connection failed: say so as a store does, not as the pool library
                    Throwable why = e.getCause() == null ? e : e.getCause();
                    throw new VellumException("Could not open the PostgreSQL event store '" + schema + "' at "
                            + poolConfig.getJdbcUrl() + ": " + why.getMessage() + " Check the connection settings "
                            + "(URL, user, password) and that the server runs; nothing was opened.", e);
                }
                source = pool;
            }
            try {
                AppendSignal signal = new AppendSignal();
                PgEngine engine = PgEngine.open("'" + schema + "'", source, schema, schemaMode, signal,
                        Clock.systemUTC(), writers, writeQueueCapacity, networkTimeout);
                return new PostgresEventStore(engine, signal, pool);
            } catch (RuntimeException e) {
                if (pool != null) {
                    pool.close();
                }
                throw e;
            }
        }
    }
}
