package dev.vellum.spring.boot;

import dev.vellum.integration.IntegrationPublisher;
import dev.vellum.postgres.Leases;
import dev.vellum.postgres.PostgresReadModel;
import dev.vellum.process.CommandRouter;
import dev.vellum.process.ProcessManager;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.reactor.Reactor;
import dev.vellum.store.EventStore;
import dev.vellum.timer.sql.SqlTimerStore;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the application's projections, reactors, process managers and integration publishers (declared
 * as beans) with the context's lifecycle: started once the context is refreshed, before the web server
 * takes requests; stopped on shutdown in the reverse order (publishers, process managers, reactors, then
 * projections), after the web server stopped, before the store closes. Each one is registered in the {@link WorkerRegistry},
 * which the actuator reads. With {@link LeaseOptions} (PostgreSQL, {@code vellum.leases.enabled}) each
 * runs on one instance at a time under a lease ({@code dev.vellum.postgres.Leases}).
 *
 * <p>Projections are those over {@code SqlContext}: their read models and checkpoints live in the
 * {@link SqlReadModel}, and reactors' outboxes and process managers' timers beside them.
 */
public final class VellumWorkers implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(VellumWorkers.class);

    /** Its lifecycle phase: before the web server's start, after its stop. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    /**
     * How workers run under leases.
     *
     * @param dataSource where the leases table is (the read models' database)
     * @param owner this instance's name among those sharing the database
     * @param timeToLive how long a lease lasts without renewal
     */
    public record LeaseOptions(DataSource dataSource, String owner, Duration timeToLive) {
        /** Checks that nothing is missing. */
        public LeaseOptions {
            Objects.requireNonNull(dataSource, "dataSource");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(timeToLive, "timeToLive");
        }
    }

    private final EventStore store;
    private final SqlReadModel readModel;
    private final WorkerRegistry registry;
    private final List<Projection<SqlContext>> projections;
    private final List<Reactor<?>> reactors;
    private final List<ProcessManager<?, ?>> processes;
    private final List<IntegrationPublisher.Builder> publishers;
    private final CommandRouter router;
    private final LeaseOptions leaseOptions;

    private boolean running;
    private ProjectionRunner runner;
    private Leases leases;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Set<String> registered = new HashSet<>();

    /**
     * Workers to run.
     *
     * @param router where process managers' commands go; {@code null} when there are none
     * @param leaseOptions {@code null} to run every worker here, without leases
     */
    public VellumWorkers(EventStore store, SqlReadModel readModel, WorkerRegistry registry,
            List<Projection<SqlContext>> projections, List<Reactor<?>> reactors, List<ProcessManager<?, ?>> processes,
            CommandRouter router, LeaseOptions leaseOptions) {
        this(store, readModel, registry, projections, reactors, processes, List.of(), router, leaseOptions);
    }

    /**
     * Workers to run, integration publishers among them (their checkpoints in the read models' database).
     *
     * @param publishers the integration publishers' definitions, started at each start of the context
     * @param router where process managers' commands go; {@code null} when there are none
     * @param leaseOptions {@code null} to run every worker here, without leases; refused with publishers
     */
    public VellumWorkers(EventStore store, SqlReadModel readModel, WorkerRegistry registry,
            List<Projection<SqlContext>> projections, List<Reactor<?>> reactors, List<ProcessManager<?, ?>> processes,
            List<IntegrationPublisher.Builder> publishers, CommandRouter router, LeaseOptions leaseOptions) {
        this.store = Objects.requireNonNull(store, "store");
        this.readModel = Objects.requireNonNull(readModel, "readModel");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.projections = List.copyOf(projections);
        this.reactors = List.copyOf(reactors);
        this.processes = List.copyOf(processes);
        this.publishers = List.copyOf(publishers);
        this.router = router;
        this.leaseOptions = leaseOptions;
        if (!this.processes.isEmpty() && router == null) {
            throw new VellumConfigurationException("Process manager '" + this.processes.get(0).name() + "' sends"
                    + " commands, but the application has no CommandRouter bean: declare one routing each command"
                    + " class to its CommandHandler (CommandRouter.builder().route(TaskCommand.class, tasks).build()).");
        }
        if (leaseOptions != null && !this.publishers.isEmpty()) {
            throw new VellumConfigurationException("vellum.leases.enabled is set and the application declares "
                    + this.publishers.size() + " integration publisher(s), which do not run under leases yet: every"
                    + " instance would publish, out of order. Run them on one instance only (declare the"
                    + " IntegrationPublisher.Builder beans in a profile that instance alone activates, without leases),"
                    + " or set vellum.leases.enabled=false with a single instance.");
        }
        if (leaseOptions != null && !(readModel instanceof PostgresReadModel)) {
            throw new VellumConfigurationException("vellum.leases.enabled needs the read models on PostgreSQL, but they"
                    + " are in " + readModel.getClass().getSimpleName() + ": give the application a PostgreSQL"
                    + " DataSource, or set vellum.leases.enabled=false.");
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        Set<String> before = names();
        try {
            if (leaseOptions != null) {
                startLeased();
            } else {
                startHere();
            }
        } catch (RuntimeException e) {
            registered.addAll(names());
            registered.removeAll(before);
            stopAll();
            throw e;
        }
        registered.addAll(names());
        registered.removeAll(before);
        running = true;
    }

    private void startLeased() {
        PostgresReadModel postgres = (PostgresReadModel) readModel;
        // Leases makes its own projection runner: one registering into the registry would put the
        // running projection in place of the leased worker, which shows STANDBY once the lease moves
        leases = Leases.builder(store, leaseOptions.dataSource()).owner(leaseOptions.owner())
                .timeToLive(leaseOptions.timeToLive()).registry(registry).open();
        projections.forEach(p -> leases.run(p, postgres));
        reactors.forEach(r -> leases.run(r, postgres));
        processes.forEach(p -> leases.run(p, postgres, router));
    }

    private void startHere() {
        runner = ProjectionRunner.builder(store).registry(registry).build();
        SqlTimerStore timers = new SqlTimerStore(readModel);
        projections.forEach(p -> runner.start(p, readModel));
        for (Reactor<?> reactor : reactors) {
            started.add(register(reactor.start(store, readModel, timers)));
        }
        for (ProcessManager<?, ?> process : processes) {
            started.add(register(process.start(store, readModel, timers, router)));
        }
        for (IntegrationPublisher.Builder publisher : publishers) {
            started.add(register(publisher.start(store, readModel)));
        }
    }

    private <W extends Worker & AutoCloseable> W register(W worker) {
        registry.register(worker);
        return worker;
    }

    private Set<String> names() {
        Set<String> names = new HashSet<>();
        registry.workers().forEach(w -> names.add(w.name()));
        return names;
    }

    @Override
    public synchronized void stop() {
        if (running) {
            stopAll();
            running = false;
        }
    }

    private void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            closeQuietly(started.get(i));
        }
        started.clear();
        if (leases != null) {
            closeQuietly(leases);
            leases = null;
        }
        if (runner != null) {
            closeQuietly(runner);
            runner = null;
        }
        registered.forEach(registry::unregister);
        registered.clear();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("A Vellum worker failed to stop", e);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * The projection {@code name} running in this instance (its newest version), to wait for its
     * checkpoint ({@code awaitCheckpoint}); empty when it is not running here (under leases: while
     * another instance holds its lease).
     */
    public synchronized Optional<RunningProjection> projection(String name) {
        if (leases != null) {
            return leases.runningProjection(name);
        }
        if (runner == null) {
            return Optional.empty();
        }
        return runner.projections().stream().filter(p -> p.id().name().equals(name))
                .max(Comparator.comparingInt(p -> p.id().version()));
    }
}
