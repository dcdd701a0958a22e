package dev.vellum.process;

import dev.vellum.decider.AggregateState;
import dev.vellum.decider.CommandHandler;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.internal.CheckpointedFollower;
import dev.vellum.retry.internal.RetryingHandler;
import dev.vellum.store.EventStore;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerScheduler;
import dev.vellum.timer.TimerStore;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A running process manager: a {@link CheckpointedFollower} from its checkpoint that hands correlated events to the
 * {@link ProcessEngine} and then saves the checkpoint, retrying an event that fails
 * ({@link RetryingHandler}), and a timer scheduler whose firings and expiries are inputs too.
 * Paused, both stop, and resuming starts the subscription again from the saved checkpoint.
 *
 * @param <S> an instance's state
 * @param <E> the process's events
 * @param <C> the checkpoint store's transaction context
 */
final class ProcessHost<S, E, C extends ProjectionContext> implements RunningProcess<S> {

    private final ProcessSettings<S, E> process;
    private final CheckpointStore<C> checkpoints;
    private final TimerStore timerStore;
    private final ProjectionId id;
    private final CommandHandler<ProcessInput, S, E> instances;
    private final TimerScheduler timers;
    private final ProcessEngine<S, E> engine;
    private final InstanceCatalog<E> catalog;
    private final CheckpointedFollower<C> follower;

    private ProcessHost(ProcessSettings<S, E> process, EventStore store, CheckpointStore<C> checkpoints,
            TimerStore timerStore, CommandRouter router) {
        this.process = process;
        this.checkpoints = checkpoints;
        this.timerStore = timerStore;
        this.id = process.checkpointId();
        this.instances = CommandHandler.builder(store, process.types(), process.eventType(), process.decider()).build();
        this.engine = new ProcessEngine<>(process, instances, router, timerStore);
        this.timers = TimerScheduler.builder(timerStore, process.timerProcess(), this::fired).clock(process.clock())
                .onExpiry(this::expired).start();
        this.catalog = new InstanceCatalog<>(process, store, timerStore, engine::stream);
        this.follower = CheckpointedFollower.start(new CheckpointedFollower.Settings("Process manager '" + process.name()
                + "'", WorkerKind.PROCESS_MANAGER, id, process.startsFromBeginning(), process.filter(),
                process.eventRetries()), store, checkpoints, view -> this::observe,
                () -> Optional.ofNullable(timers.status().retrying()));
    }

    /** Its worker name, {@code process.<name>}. */
    @Override
    public String name() {
        return id.name();
    }

    @Override
    public WorkerKind kind() {
        return WorkerKind.PROCESS_MANAGER;
    }

    @Override
    public WorkerStatus status() {
        return follower.status(0, timers.status().dueTimers()).withExpiredTimers(timers.expiredCount());
    }

    @Override
    public Set<WorkerControl> controls() {
        return WorkerKind.PROCESS_MANAGER.controls();
    }

    @Override
    public synchronized void pause() {
        if (follower.pause()) {
            timers.pause();
        }
    }

    @Override
    public synchronized void resume() {
        follower.resume();
        timers.resume();
    }

    /**
     * Builds the engine, then starts the timers (a timer already due fires into that engine at once),
     * then the subscription.
     */
    public static <S, E, C extends ProjectionContext> RunningProcess<S> start(ProcessSettings<S, E> process, EventStore store,
            CheckpointStore<C> checkpoints, TimerStore timers, CommandRouter router) {
        return new ProcessHost<>(process, store, checkpoints, timers, router);
    }

    /**
     * Hands {@code recorded} to its instance, then saves the checkpoint. Every step is idempotent by
     * derived ids, so the {@link RetryingHandler} may run it again after it failed part way.
     */
    private void observe(RecordedEvent recorded) {
        if (process.types().isRegistered(recorded.type())) {
            Object event = process.types().deserialize(recorded);
            Optional<String> instance = process.correlator().correlate(event, recorded);
            if (instance.isPresent() && engine.handle(instance.get(), new ProcessInput.Observed(event, recorded),
                    "event:" + recorded.id(), recorded.id().toString())) {
                timers.poke();
            }
        }
        try (CheckpointStore.Transaction<C> tx = checkpoints.begin(id)) {
            tx.saveCheckpoint(0, recorded.position());
            tx.commit();
        }
    }

    /**
     * Hands a timer that fired to its instance. Timers this schedules need no poke: the scheduler
     * looks at the store again after each firing.
     */
    private void fired(Timer timer) {
        TimerEnvelope.Parts parts = TimerEnvelope.read(timer);
        engine.handle(parts.instance(), new ProcessInput.TimerFired(parts.name(), parts.payload(), timer.due()),
                "timer:" + timer.id(), timer.id());
    }

    /**
     * Hands a timer taken after its deadline to its instance, under the input id a firing would have
     * had: the instance learns of the timer once, as fired or as expired.
     */
    private void expired(Timer timer, Instant at) {
        TimerEnvelope.Parts parts = TimerEnvelope.read(timer);
        engine.handle(parts.instance(), new ProcessInput.TimerExpired(parts.name(), parts.payload(), timer.due(),
                timer.deadline(), at), "timer:" + timer.id(), timer.id());
    }

    @Override
    public AggregateState<S> instance(String instanceId) {
        return instances.load(engine.stream(instanceId));
    }

    @Override
    public StreamId instanceStream(String instanceId) {
        return engine.stream(instanceId);
    }

    @Override
    public List<ProcessInstance> instances(String afterId, int limit) {
        return catalog.list(afterId, limit);
    }

    @Override
    public long countInstances() {
        return catalog.count();
    }

    @Override
    public List<StoredTimer> timers(String instanceId) {
        return catalog.timers(instanceId);
    }

    @Override
    public Optional<Throwable> failure() {
        return follower.failure();
    }

    @Override
    public Position checkpoint() {
        return follower.checkpoint();
    }

    @Override
    public boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException {
        return follower.awaitCheckpoint(target, timeout);
    }

    @Override
    public List<StoredTimer> pendingTimers() {
        return timerStore.pending(process.timerProcess()).stream().map(TimerEnvelope::asScheduled).toList();
    }

    @Override
    public synchronized void close() {
        try {
            follower.close();
        } finally {
            timers.close();
        }
    }
}
