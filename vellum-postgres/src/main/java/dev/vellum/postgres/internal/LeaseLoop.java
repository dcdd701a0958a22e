package dev.vellum.postgres.internal;

import dev.vellum.projection.ProjectionException;
import dev.vellum.projection.sql.SqlReadModel;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one lease loop of an instance: a thread that, a few times per time to live (ttl/4), renews the
 * leases this instance holds and tries to take each registered lease that is free or expired. Taking
 * a lease starts its work with a read model fenced by the new token ({@link FencedReadModel}); losing
 * it (a renewal that finds another owner, or no renewal for a whole time to live) stops that work
 * here. What the work is (a projection, a reactor, a process manager) is the registrant's business:
 * a start function and a stop handle.
 */
public final class LeaseLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLoop.class);

    /** One registered lease and, while this instance holds it, its token and the work it runs. */
    private static final class Lease<R> {
        final SqlReadModel readModel;
        final Function<SqlReadModel, R> start;
        final Consumer<R> stop;
        long token;
        long renewedAt;
        R running;

        Lease(SqlReadModel readModel, Function<SqlReadModel, R> start, Consumer<R> stop) {
            this.readModel = readModel;
            this.start = start;
            this.stop = stop;
        }

        void begin(String name, String owner) {
            running = start.apply(new FencedReadModel(readModel, name, owner, token));
        }

        /**
         * Forgets the token and stops the work: at once when {@code wait}, else on a thread of its
         * own, so that a reactor finishing a slow effect does not hold up the other leases' renewals
         * (its writes are refused by the fence meanwhile).
         */
        void lose(String name, boolean wait) {
            token = 0;
            R was = running;
            running = null;
            if (was == null) {
                return;
            }
            Runnable stopping = () -> {
                try {
                    stop.accept(was);
                } catch (RuntimeException e) {
                    LOG.warn("Stopping '{}' failed: {}", name, e.toString());
                }
            };
            if (wait) {
                stopping.run();
            } else {
                Thread.ofVirtual().name("vellum-lease-stop-" + name).start(stopping);
            }
        }
    }

    private final DataSource dataSource;
    private final String owner;
    private final Duration ttl;
    private final Map<String, Lease<?>> leases = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;

    /**
     * Creates the lease table when missing and starts the loop.
     *
     * @param dataSource connects to the read models' schema, where the leases are kept
     * @param owner this instance's name in the lease table
     * @param ttl how long a lease lasts without renewal
     */
    public LeaseLoop(DataSource dataSource, String owner, Duration ttl) {
        this.dataSource = dataSource;
        this.owner = owner;
        this.ttl = ttl;
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

    /**
     * Registers lease {@code name}: whenever this instance takes it, {@code start} runs the work with
     * {@code readModel} fenced by the lease, and {@code stop} stops that work when the lease is lost or
     * this loop closes.
     *
     * @return false when a lease of that name is already registered here (nothing changed)
     */
    public <R> boolean register(String name, SqlReadModel readModel, Function<SqlReadModel, R> start, Consumer<R> stop) {
        if (leases.putIfAbsent(name, new Lease<>(readModel, start, stop)) != null) {
            return false;
        }
        ticker.execute(this::tick);
        return true;
    }

    /** This instance's name in the lease table. */
    public String owner() {
        return owner;
    }

    /** The names of the leases this instance holds now. */
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

    /** What lease {@code name} runs here, while this instance holds it. */
    public Optional<Object> running(String name) {
        Lease<?> lease = leases.get(name);
        if (lease == null) {
            return Optional.empty();
        }
        synchronized (lease) {
            return lease.token == 0 ? Optional.empty() : Optional.ofNullable(lease.running);
        }
    }

    private void tick() {
        for (Map.Entry<String, Lease<?>> e : leases.entrySet()) {
            synchronized (e.getValue()) {
                tick(e.getKey(), e.getValue());
            }
        }
    }

    private void tick(String name, Lease<?> lease) {
        try (Connection c = dataSource.getConnection()) {
            if (lease.token != 0) {
                if (LeaseTable.renew(c, name, owner, lease.token, ttl)) {
                    lease.renewedAt = System.nanoTime();
                } else {
                    LOG.warn("Instance '{}' lost the lease '{}'; stopping it here.", owner, name);
                    lease.lose(name, false);
                }
                return;
            }
            OptionalLong token = LeaseTable.acquire(c, name, owner, ttl);
            if (token.isPresent()) {
                lease.token = token.getAsLong();
                lease.renewedAt = System.nanoTime();
                LOG.info("Instance '{}' took the lease '{}' (token {}).", owner, name, lease.token);
                try {
                    lease.begin(name, owner);
                } catch (RuntimeException ex) {
                    LOG.warn("'{}' could not start under its lease: {}", name, ex.toString());
                    LeaseTable.release(c, name, owner, lease.token);
                    lease.token = 0;
                }
            }
        } catch (SQLException | RuntimeException ex) {
            LOG.warn("Lease check of '{}' failed: {}", name, ex.toString());
            if (lease.token != 0 && System.nanoTime() - lease.renewedAt > ttl.toNanos()) {
                lease.lose(name, false);
            }
        }
    }

    /** Stops the work of the leases held here and lets the leases go, so other instances take them at once. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Map.Entry<String, Lease<?>> e : leases.entrySet()) {
            Lease<?> lease = e.getValue();
            synchronized (lease) {
                long token = lease.token;
                lease.lose(e.getKey(), true);
                if (token != 0) {
                    try (Connection c = dataSource.getConnection()) {
                        LeaseTable.release(c, e.getKey(), owner, token);
                    } catch (SQLException ex) {
                        LOG.warn("Could not release the lease '{}'; it expires by itself.", e.getKey());
                    }
                }
            }
        }
    }
}
