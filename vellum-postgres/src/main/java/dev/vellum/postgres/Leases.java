package dev.vellum.postgres;

import dev.vellum.process.CommandRouter;
import dev.vellum.process.ProcessManager;
import dev.vellum.process.RunningProcess;
import dev.vellum.projection.InvalidProjectionException;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.reactor.InvalidReactorException;
import dev.vellum.reactor.Reactor;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.store.EventStore;
import dev.vellum.timer.sql.SqlTimerStore;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Runs each registered projection, reactor and process manager on exactly one of several application
 * instances sharing one PostgreSQL database, under a lease, and moves it to another instance within
 * about one lease time to live when its owner dies.
 *
 * <pre>{@code
 * try (Leases leases = Leases.builder(store, readModelDataSource).open()) {
 *     // on every instance; each runs on the one instance holding its lease
 *     leases.run(orderSummary, readModel);
 *     leases.run(confirmationEmails, readModel);
 *     leases.run(pointsAssignment, readModel, router);
 * }
 * }</pre>
 *
 * <p>Leases are rows of {@code vellum_leases} in the read models' schema (the data source must
 * connect to the same schema as the read model), with an owner, an expiry by the database's clock,
 * and a fencing token that grows with each owner. Every instance tries to take each free or expired
 * lease a few times per time to live; the owner renews it as often. A lease is named like the
 * checkpoint of what it runs: the projection's name, {@code reactor.<name>}, {@code process.<name>}.
 *
 * <p><b>Fenced writes.</b> Everything a leased runner writes to the read-model database goes
 * through a read model that first checks, in the unit of work's own transaction, that this instance
 * still holds the lease with its token, and holds the lease row shared until it commits: a
 * projection's batches, a reactor's or process manager's checkpoint, and their outbox and timers
 * (a {@link SqlTimerStore} over the fenced read model). A former owner that was paused past its lease
 * cannot write after the new owner started, and the new owner reads checkpoint, outbox and timers
 * only after the former owner's last commit. So a projection applies each event exactly once through
 * take-overs, and a reactor decides each effect once. See decision record 12.
 *
 * <p><b>What a former owner can repeat.</b> Side effects run outside the database. A former owner
 * paused in the middle of an effect (after it read it from the outbox, before it recorded it) can,
 * when it wakes, carry out that one effect again after the new owner did, with the same idempotency
 * key; its next outbox write is refused and it stops. The outcome is still recorded once (its event
 * id is derived from the key). A process manager's commands and inputs are idempotent by derived ids,
 * so a former owner repeating one changes nothing.
 *
 * <p>Losing a lease stops the runner on that instance: a projection's worker, a reactor's
 * subscription and effect worker, a process manager's subscription and timer scheduler. A runner that
 * stops by itself (it failed on an error that retrying cannot cure, or was stopped) gives its lease up
 * at once, and this instance leaves it to the others for one time to live before it takes it again.
 * While a runner retries a failure that waiting can cure (the database restarting, a connection lost),
 * it keeps its lease as long as its instance renews it.
 *
 * <p><b>Faults.</b> Each renewal is bounded on the server ({@code lock_timeout}, {@code statement_timeout},
 * a third of the ttl); an instance that has not confirmed a lease by its own deadline (the start of its
 * last renewal that worked, plus three quarters of the ttl) stops that runner before the lease can
 * expire and move, whatever its renewal is waiting for. A fenced unit of work whose client stays silent
 * for half a ttl (a frozen or vanished owner) is ended by the server ({@code
 * idle_in_transaction_session_timeout}), so it holds up neither the take-over nor the log's readable
 * head; a take-over never waits on a lease row. {@link #held()} answers from memory. See decision
 * record 19.
 *
 * <p><b>Workers.</b> Given a {@link Builder#registry registry}, each registration is a worker there
 * on every instance, under the name it has when it runs ({@code projection.<name>.v<version>},
 * {@code reactor.<name>}, {@code process.<name>}): on the instance that holds its lease its status is
 * the running worker's, placed on that instance under the lease; on the others it is
 * {@link WorkerState#STANDBY}, and an operator action sent there reaches the instance that runs it
 * through the operator log ({@link WorkerRegistry#act}). Pausing keeps the lease (a paused worker did
 * not stop by itself); if the lease moves, the new owner starts the worker unpaused. See decision
 * record 21.
 */
public final class Leases implements AutoCloseable {

    private final EventStore store;
    private final ProjectionRunner runner;
    private final boolean ownsRunner;
    private final LeaseLoop loop;
    private final WorkerRegistry registry;
    private final List<Worker> registered = new CopyOnWriteArrayList<>();

    private Leases(Builder b) {
        this.store = b.store;
        this.registry = b.registry;
        this.loop = new LeaseLoop(b.dataSource, b.owner, b.ttl);
        this.ownsRunner = b.runner == null;
        this.runner = ownsRunner ? ProjectionRunner.create(b.store) : b.runner;
    }

    /**
     * Starts configuring leases for runners that follow {@code store}, kept in the schema
     * {@code dataSource} connects to (the read models' schema).
     */
    public static Builder builder(EventStore store, DataSource dataSource) {
        return new Builder(Objects.requireNonNull(store, "store"), Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * Runs {@code projection} into {@code readModel} on whichever instance holds its lease (named by
     * the projection's name); call it on every instance.
     *
     * @throws InvalidProjectionException when a lease of that name is already registered here
     */
    public void run(Projection<? super SqlContext> projection, PostgresReadModel readModel) {
        Objects.requireNonNull(projection, "projection");
        String name = projection.id().name();
        register(name, projection.id().workerName(), WorkerKind.PROJECTION, readModel,
                fenced -> runner.start(projection, fenced), RunningProjection::stop, Leases::stoppedByItself,
                () -> new InvalidProjectionException("Projection '" + name + "' is already leased here; register it once."));
    }

    /**
     * Runs {@code reactor} on whichever instance holds its lease ({@code reactor.<name>}), with its
     * checkpoint and outbox in {@code readModel}'s database; call it on every instance.
     *
     * @throws InvalidReactorException when a lease of that name is already registered here
     */
    public void run(Reactor<?> reactor, PostgresReadModel readModel) {
        Objects.requireNonNull(reactor, "reactor");
        String name = reactor.checkpointId().name();
        register(name, name, WorkerKind.REACTOR, readModel, fenced -> reactor.start(store, fenced, new SqlTimerStore(fenced)),
                RunningReactor::close, Leases::stoppedByItself, () -> new InvalidReactorException("Reactor '" + reactor.name() + "' is already leased here; register it once."));
    }

    /**
     * Runs {@code process} on whichever instance holds its lease ({@code process.<name>}), with its
     * checkpoint and timers in {@code readModel}'s database and its commands sent through
     * {@code router}; call it on every instance.
     *
     * @throws IllegalArgumentException when a lease of that name is already registered here
     */
    public void run(ProcessManager<?, ?> process, PostgresReadModel readModel, CommandRouter router) {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(router, "router");
        String name = process.checkpointId().name();
        register(name, name, WorkerKind.PROCESS_MANAGER, readModel,
                fenced -> process.start(store, fenced, new SqlTimerStore(fenced), router), RunningProcess::close,
                Leases::stoppedByItself, () -> new IllegalArgumentException("Process manager '" + process.name()
                        + "' is already leased here; register it once."));
    }

    /** Failed, or stopped: a paused worker keeps its lease. */
    private static boolean stoppedByItself(Worker running) {
        WorkerState state = running.status().state();
        return state == WorkerState.FAILED || state == WorkerState.STOPPED;
    }

    private <R extends Worker> void register(String name, String workerName, WorkerKind kind, PostgresReadModel readModel,
            Function<SqlReadModel, R> start, Consumer<R> stop, Predicate<R> stoppedByItself, Supplier<RuntimeException> taken) {
        Objects.requireNonNull(readModel, "readModel");
        if (!loop.register(name, readModel, start, stop, stoppedByItself)) {
            throw taken.get();
        }
        if (registry != null) {
            Worker worker = new LeasedWorker(workerName, kind, name, loop);
            registry.register(worker);
            registered.add(worker);
        }
    }

    /** This instance's name in the lease table. */
    public String owner() {
        return loop.owner();
    }

    /**
     * The names of the leases this instance holds now: projections' names, {@code reactor.<name>},
     * {@code process.<name>}. From memory: it never waits for the database.
     */
    public Set<String> held() {
        return loop.held();
    }

    /** The projection {@code name} as it runs here, while this instance holds its lease. */
    public Optional<RunningProjection> runningProjection(String name) {
        return loop.running(name).filter(RunningProjection.class::isInstance).map(RunningProjection.class::cast);
    }

    /** The reactor {@code name} (its name, without {@code reactor.}) as it runs here, while this instance holds its lease. */
    public Optional<RunningReactor> runningReactor(String name) {
        return loop.running("reactor." + name).filter(RunningReactor.class::isInstance).map(RunningReactor.class::cast);
    }

    /** The process manager {@code name} (without {@code process.}) as it runs here, while this instance holds its lease. */
    public Optional<RunningProcess<?>> runningProcess(String name) {
        return loop.running("process." + name).filter(RunningProcess.class::isInstance).map(p -> (RunningProcess<?>) p);
    }

    /**
     * Stops everything leased here and lets the leases go, so other instances take them at once; then
     * closes the projection runner when this made it.
     */
    @Override
    public void close() {
        if (registry != null) {
            registered.forEach(registry::unregister);
        }
        try {
            loop.close();
        } finally {
            if (ownsRunner) {
                runner.close();
            }
        }
    }

    /** Settings for {@link Leases}; each has a default. */
    public static final class Builder {

        private final EventStore store;
        private final DataSource dataSource;
        private ProjectionRunner runner;
        private String owner = "node-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        private Duration ttl = Duration.ofSeconds(10);
        private WorkerRegistry registry;

        private Builder(EventStore store, DataSource dataSource) {
            this.store = store;
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
         * How long a lease lasts without renewal: a dead owner's work moves after at most about this
         * long (and a quarter more). Renewed four times per period; 10 seconds unless set.
         */
        public Builder timeToLive(Duration ttl) {
            if (ttl.compareTo(Duration.ofMillis(200)) < 0 || ttl.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("timeToLive must be 200 ms to 10 minutes, got " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /**
         * The runner leased projections run on (its batch size, its statuses for a console); one made
         * from the store with its defaults, and closed with the leases, unless set. A runner set here
         * is not closed by the leases.
         */
        public Builder projectionRunner(ProjectionRunner projectionRunner) {
            this.runner = Objects.requireNonNull(projectionRunner, "projectionRunner");
            return this;
        }

        /**
         * Registers each leased projection, reactor and process manager as a worker in {@code workers}
         * (this instance's registry, whose node name should be this instance's {@link #owner owner}),
         * whether this instance runs it or another does; none unless set. Do not give this registry to a
         * {@link #projectionRunner projection runner} set here too: it would register the projections twice.
         */
        public Builder registry(WorkerRegistry workers) {
            this.registry = Objects.requireNonNull(workers, "workers");
            return this;
        }

        /** Creates the lease table when missing and starts taking leases. */
        public Leases open() {
            return new Leases(this);
        }
    }
}
