package dev.vellum.postgres;

import dev.vellum.postgres.internal.FencedReadModel;
import dev.vellum.postgres.internal.LeaseTable;
import dev.vellum.projection.InvalidProjectionException;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionException;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each registered projection on exactly one of several application instances sharing one
 * PostgreSQL database, under a lease, and moves it to another instance within about one lease
 * time to live when its owner dies.
 *
 * <pre>{@code
 * try (ProjectionRunner runner = ProjectionRunner.create(store);
 *      ProjectionLeases leases = ProjectionLeases.builder(runner, readModelDataSource).open()) {
 *     leases.run(orderSummary, readModel);   // on every instance; runs on the one holding the lease
 * }
 * }</pre>
 *
 * <p>Leases are rows of {@code vellum_leases} in the read models' schema (the data source must
 * connect to the same schema as the read model), with an owner, an expiry by the database's clock,
 * and a fencing token that grows with each owner. Every instance tries to take each free or expired
 * lease a few times per time to live; the owner renews it as often. Every unit of work of a leased
 * projection first checks, in its own transaction, that its instance still holds the lease with its
 * token, and holds the lease row shared until it commits: a former owner that was paused past its
 * lease cannot write after the new owner started, and the new owner reads the checkpoint only after
 * the former owner's last commit. Exactly once holds through take-overs. See decision record 12.
 *
 * <p>A projection that fails on its owner (a handler error with the stop policy) stays failed there,
 * visibly, and keeps its lease; it is not bounced between instances. Losing the database for longer
 * than the time to live stops the projection locally; it starts again wherever the lease is taken.
 */
public final class ProjectionLeases implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionLeases.class);

    /** One registered projection and, while this instance holds its lease, its token and worker. */
    private static final class Lease {
        final Projection<? super SqlContext> projection;
        final PostgresReadModel readModel;
        long token;
        long renewedAt;
        RunningProjection running;

        Lease(Projection<? super SqlContext> projection, PostgresReadModel readModel) {
            this.projection = projection;
            this.readModel = readModel;
        }
    }

    private final ProjectionRunner runner;
    private final DataSource dataSource;
    private final String owner;
    private final Duration ttl;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;

    private ProjectionLeases(Builder b) {
        this.runner = b.runner;
        this.dataSource = b.dataSource;
        this.owner = b.owner;
        this.ttl = b.ttl;
        try (Connection c = dataSource.getConnection()) {
            LeaseTable.create(c);
        } catch (SQLException e) {
            throw new ProjectionException("Could not create the lease table: " + e.getMessage()
                    + " (the role needs CREATE on the connection's current schema).", e);
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vellum-leases-" + owner);
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, ttl.toMillis() / 4);
        ticker.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Starts configuring leases for the projections of {@code runner}, in the schema {@code dataSource} connects to. */
    public static Builder builder(ProjectionRunner runner, DataSource dataSource) {
        return new Builder(Objects.requireNonNull(runner, "runner"), Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * Runs {@code projection} into {@code readModel} on whichever instance holds its lease (named by
     * the projection's name); call it on every instance.
     *
     * @throws InvalidProjectionException when a projection of that name is already registered here
     */
    public void run(Projection<? super SqlContext> projection, PostgresReadModel readModel) {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(readModel, "readModel");
        String name = projection.id().name();
        if (leases.putIfAbsent(name, new Lease(projection, readModel)) != null) {
            throw new InvalidProjectionException("Projection '" + name + "' is already leased here; register it once.");
        }
        ticker.execute(this::tick);
    }

    /** This instance's name in the lease table. */
    public String owner() {
        return owner;
    }

    /** The names of the projections whose lease this instance holds now. */
    public Set<String> held() {
        Set<String> held = new TreeSet<>();
        leases.forEach((name, lease) -> {
            synchronized (lease) {
                if (lease.token != 0) {
                    held.add(name);
                }
            }
        });
        return held;
    }

    /** The projection {@code name} as it runs here, while this instance holds its lease. */
    public Optional<RunningProjection> running(String name) {
        Lease lease = leases.get(name);
        if (lease == null) {
            return Optional.empty();
        }
        synchronized (lease) {
            return lease.token == 0 ? Optional.empty() : Optional.ofNullable(lease.running);
        }
    }

    private void tick() {
        for (Map.Entry<String, Lease> e : leases.entrySet()) {
            synchronized (e.getValue()) {
                tick(e.getKey(), e.getValue());
            }
        }
    }

    private void tick(String name, Lease lease) {
        try (Connection c = dataSource.getConnection()) {
            if (lease.token != 0) {
                if (LeaseTable.renew(c, name, owner, lease.token, ttl)) {
                    lease.renewedAt = System.nanoTime();
                } else {
                    LOG.warn("Instance '{}' lost the lease on projection '{}'; stopping it here.", owner, name);
                    lose(lease);
                }
                return;
            }
            OptionalLong token = LeaseTable.acquire(c, name, owner, ttl);
            if (token.isPresent()) {
                lease.token = token.getAsLong();
                lease.renewedAt = System.nanoTime();
                LOG.info("Instance '{}' took the lease on projection '{}' (token {}).", owner, name, lease.token);
                try {
                    lease.running = runner.start(lease.projection,
                            new FencedReadModel(lease.readModel, name, owner, lease.token));
                } catch (RuntimeException ex) {
                    LOG.warn("Projection '{}' could not start under its lease: {}", name, ex.toString());
                    LeaseTable.release(c, name, owner, lease.token);
                    lease.token = 0;
                }
            }
        } catch (SQLException | RuntimeException ex) {
            LOG.warn("Lease check of projection '{}' failed: {}", name, ex.toString());
            if (lease.token != 0 && System.nanoTime() - lease.renewedAt > ttl.toNanos()) {
                lose(lease);
            }
        }
    }

    private static void lose(Lease lease) {
        lease.token = 0;
        if (lease.running != null) {
            lease.running.stop();
            lease.running = null;
        }
    }

    /** Stops the projections leased here and lets their leases go, so another instance takes them at once. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Map.Entry<String, Lease> e : leases.entrySet()) {
            Lease lease = e.getValue();
            synchronized (lease) {
                long token = lease.token;
                lose(lease);
                if (token != 0) {
                    try (Connection c = dataSource.getConnection()) {
                        LeaseTable.release(c, e.getKey(), owner, token);
                    } catch (SQLException ex) {
                        LOG.warn("Could not release the lease of projection '{}'; it expires by itself.", e.getKey());
                    }
                }
            }
        }
    }

    /** Settings for {@link ProjectionLeases}; each has a default. */
    public static final class Builder {

        private final ProjectionRunner runner;
        private final DataSource dataSource;
        private String owner = "node-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        private Duration ttl = Duration.ofSeconds(10);

        private Builder(ProjectionRunner runner, DataSource dataSource) {
            this.runner = runner;
            this.dataSource = dataSource;
        }

        /** This instance's name in the lease table, unique per instance; {@code node-<pid>-<random>} unless set. */
        public Builder owner(String owner) {
            if (owner == null || owner.isBlank() || owner.length() > 200) {
                throw new IllegalArgumentException("owner must be 1 to 200 characters, got '" + owner + "'");
            }
            this.owner = owner;
            return this;
        }

        /**
         * How long a lease lasts without renewal: a dead owner's projections move after at most
         * about this long (and a quarter more). Renewed four times per period; 10 seconds unless set.
         */
        public Builder timeToLive(Duration ttl) {
            if (ttl.compareTo(Duration.ofMillis(200)) < 0 || ttl.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("timeToLive must be 200 ms to 10 minutes, got " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /** Creates the lease table when missing and starts taking leases. */
        public ProjectionLeases open() {
            return new ProjectionLeases(this);
        }
    }
}
