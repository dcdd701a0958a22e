package dev.vellum.postgres;

import dev.vellum.postgres.internal.LeaseTable;
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
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one lease loop of an instance: a thread that, a few times per time to live (ttl/4), renews the
 * leases this instance holds and tries to take each registered lease that is free or expired. Taking
 * a lease starts its work with a read model fenced by the new token ({@link FencedReadModel}), outside
 * the lease's lock, and the lease counts as held here once that work started: a start that waits for
 * its read model holds up neither the watchdog below nor {@link #held()}, and work whose start returns
 * past this instance's deadline for the lease is stopped at once and the lease let go. What the
 * work is (a projection, a reactor, a process manager) is the registrant's business: a start function,
 * a stop handle, and a test of whether it stopped by itself.
 *
 * <p>Work stops here, and the lease with it, when:
 * <ul>
 *   <li>a renewal finds another owner or token, or the lease expired;</li>
 *   <li>this instance has not confirmed the lease by its own deadline: the start of its last renewal
 *       that worked, plus the ttl, minus a quarter of it. A second thread (the watchdog) checks that
 *       deadline, so a renewal stuck in a pool or a network does not hold it up, and the work stops
 *       before the lease can expire on the server and another instance take it;</li>
 *   <li>the work stopped by itself (failed for good): the lease is let go at once, and this instance
 *       leaves it to the others for one ttl before it tries to take it again.</li>
 * </ul>
 * A start that throws, even an {@link Error}, lets its lease go and is tried again at the next tick; no
 * lease's failure ends the loop for the others (a scheduled task that throws is never run again).
 * Every statement on the lease table is bounded in time ({@link LeaseTable}), and taking a lease never
 * waits on the row lock of a unit of work in flight. {@link #held()} answers from memory.
 */
final class LeaseLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLoop.class);

    /** One registered lease and, while this instance holds it, its token and the work it runs. */
    private static final class Lease<R> {
        final SqlReadModel readModel;
        final Function<SqlReadModel, R> start;
        final Consumer<R> stop;
        final Predicate<R> stoppedByItself;
        volatile long token;
        volatile long confirmedAt;
        long notBefore = System.nanoTime();
        volatile R running;

        Lease(SqlReadModel readModel, Function<SqlReadModel, R> start, Consumer<R> stop, Predicate<R> stoppedByItself) {
            this.readModel = readModel;
            this.start = start;
            this.stop = stop;
            this.stoppedByItself = stoppedByItself;
        }

        /**
         * Starts the work with the read model fenced by {@code token}; called without the lease's lock and
         * before the token is published, so that a start waiting for its read model (a pool in an outage)
         * holds up neither the watchdog nor {@link LeaseLoop#held()}. The fence refuses the work's writes
         * once this instance no longer holds the token.
         */
        R begin(String name, String owner, Duration ttl, long token) {
            return start.apply(new FencedReadModel(readModel, name, owner, token, ttl));
        }

        /** Asks the work outside the lock: its status may take a moment, and the deadline check needs the lock. */
        boolean stoppedByItself() {
            R work;
            synchronized (this) {
                work = running;
            }
            return work != null && stoppedByItself.test(work);
        }

        /**
         * Forgets the token and stops the work: at once when {@code wait}, else on a thread of its
         * own, so that a reactor finishing a slow effect does not hold up the other leases' renewals
         * (its writes are refused by the fence meanwhile).
         */
        synchronized void lose(String name, boolean wait) {
            token = 0;
            R was = running;
            running = null;
            if (was != null) {
                stopping(name, was, wait);
            }
        }

        /** Stops {@code work}: at once when {@code wait}, else on a thread of its own. */
        void stopping(String name, R work, boolean wait) {
            Runnable stopping = () -> {
                try {
                    stop.accept(work);
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
    private final long deadlineNanos;
    private final Map<String, Lease<?>> leases = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final ScheduledExecutorService watchdog;
    private volatile boolean closed;

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
        this.deadlineNanos = ttl.toNanos() - ttl.toNanos() / 4;
        try (Connection c = dataSource.getConnection()) {
            LeaseTable.create(c);
        } catch (SQLException e) {
            throw new ProjectionException("Could not create the lease table: " + e.getMessage()
                    + " (the role needs CREATE on the connection's current schema).", e);
        }
        this.ticker = daemon("vellum-leases-" + owner);
        this.watchdog = daemon("vellum-lease-deadline-" + owner);
        long every = Math.max(50, ttl.toMillis() / 4);
        ticker.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
        watchdog.scheduleWithFixedDelay(this::checkDeadlines, every, Math.max(20, ttl.toMillis() / 20), TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers lease {@code name}: whenever this instance takes it, {@code start} runs the work with
     * {@code readModel} fenced by the lease, and {@code stop} stops that work when the lease is lost or
     * this loop closes; when {@code stoppedByItself} says the work stopped (it failed), the lease is let
     * go.
     *
     * @return false when a lease of that name is already registered here (nothing changed)
     */
    public <R> boolean register(String name, SqlReadModel readModel, Function<SqlReadModel, R> start, Consumer<R> stop,
            Predicate<R> stoppedByItself) {
        if (leases.putIfAbsent(name, new Lease<>(readModel, start, stop, stoppedByItself)) != null) {
            return false;
        }
        ticker.execute(this::tick);
        return true;
    }

    /** This instance's name in the lease table. */
    public String owner() {
        return owner;
    }

    /**
     * The names of the leases this instance holds now and runs work under (a lease whose work is still
     * starting is not among them), from memory: it never waits for the database or a start.
     */
    public Set<String> held() {
        Set<String> held = new TreeSet<>();
        leases.forEach((name, lease) -> {
            if (lease.token != 0) {
                held.add(name);
            }
        });
        return held;
    }

    /** What a lease runs here, and the token it runs with. */
    public record Held(Object running, long token) {
    }

    /**
     * What lease {@code name} runs here and its token, while this instance holds it; from memory, without
     * waiting for a start or a stop in progress (a status asks this).
     */
    public Optional<Held> peek(String name) {
        Lease<?> lease = leases.get(name);
        if (lease == null) {
            return Optional.empty();
        }
        long token = lease.token;
        Object running = lease.running;
        return token == 0 || running == null ? Optional.empty() : Optional.of(new Held(running, token));
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
        leases.forEach(this::tick);
    }

    private void tick(String name, Lease<?> lease) {
        long token = lease.token;
        try {
            if (token != 0) {
                renew(name, lease, token);
            } else if (System.nanoTime() - lease.notBefore >= 0) {
                acquire(name, lease);
            }
        } catch (SQLException | RuntimeException | Error ex) { // a task that throws is never run again: nothing may leave
            LOG.warn("Lease check of '{}' failed: {}", name, ex.toString());
        }
    }

    private void renew(String name, Lease<?> lease, long token) throws SQLException {
        if (lease.stoppedByItself()) {
            LOG.warn("'{}' stopped by itself on instance '{}'; letting its lease go so another instance takes it.", name,
                    owner);
            lease.lose(name, true);
            lease.notBefore = System.nanoTime() + ttl.toNanos();
            release(name, token);
            return;
        }
        long sent = System.nanoTime();
        boolean renewed;
        try (Connection c = dataSource.getConnection()) {
            renewed = LeaseTable.renew(c, name, owner, token, ttl);
        }
        synchronized (lease) {
            if (lease.token != token) {
                return; // lost meanwhile, by the deadline
            }
            if (renewed) {
                lease.confirmedAt = sent;
            } else {
                LOG.warn("Instance '{}' lost the lease '{}'; stopping it here.", owner, name);
                lease.lose(name, false);
            }
        }
    }

    /**
     * Takes lease {@code name} when it is free or expired and starts its work. The token is published
     * ({@link #held()}, renewals, the watchdog) only once the work started: a start that waited past
     * this instance's deadline for the lease, or until this loop closed, is stopped and the lease let go.
     */
    private <R> void acquire(String name, Lease<R> lease) throws SQLException {
        long token;
        try (Connection c = dataSource.getConnection()) {
            long sent = System.nanoTime();
            OptionalLong taken = LeaseTable.acquire(c, name, owner, ttl);
            if (taken.isEmpty()) {
                return;
            }
            token = taken.getAsLong();
            lease.confirmedAt = sent;
        }
        LOG.info("Instance '{}' took the lease '{}' (token {}).", owner, name, token);
        R work;
        try {
            work = lease.begin(name, owner, ttl, token);
        } catch (RuntimeException | Error ex) { // an Error too (a class that failed to initialise): let the lease go
            LOG.warn("'{}' could not start under its lease: {}", name, ex.toString());
            release(name, token);
            return;
        }
        synchronized (lease) {
            if (!closed && System.nanoTime() - lease.confirmedAt <= deadlineNanos) {
                lease.running = work; // before the token: peek() reads the token first, without the lock
                lease.token = token;
                return;
            }
        }
        LOG.warn("'{}' started on instance '{}' only after its deadline for the lease; stopping it and letting the lease"
                + " go.", name, owner);
        lease.stopping(name, work, false);
        release(name, token);
    }

    private void release(String name, long token) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            LeaseTable.release(c, name, owner, token, ttl);
        }
    }

    /** Stops the work of each lease not confirmed by this instance's own deadline (see the class comment). */
    private void checkDeadlines() {
        long now = System.nanoTime();
        leases.forEach((name, lease) -> {
            if (lease.token != 0 && now - lease.confirmedAt > deadlineNanos) {
                synchronized (lease) {
                    if (lease.token != 0 && now - lease.confirmedAt > deadlineNanos) {
                        LOG.warn("Instance '{}' could not renew the lease '{}' in time; stopping it here before it"
                                + " expires.", owner, name);
                        lease.lose(name, false);
                    }
                }
            }
        });
    }

    /** Stops the work of the leases held here and lets the leases go, so other instances take them at once. */
    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Map.Entry<String, Lease<?>> e : leases.entrySet()) {
            Lease<?> lease = e.getValue();
            long token = lease.token;
            lease.lose(e.getKey(), true);
            if (token != 0) {
                try {
                    release(e.getKey(), token);
                } catch (SQLException ex) {
                    LOG.warn("Could not release the lease '{}'; it expires by itself.", e.getKey());
                }
            }
        }
    }
}
