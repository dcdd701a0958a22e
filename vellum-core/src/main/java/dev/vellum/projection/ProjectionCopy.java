package dev.vellum.projection;

import dev.vellum.store.LogFilter;
import dev.vellum.store.LogReader;
import dev.vellum.store.LogSubscriber;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.worker.ControlNotSupportedException;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import dev.vellum.worker.internal.LogView;
import dev.vellum.worker.internal.StoreSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One generation of a projection version as a runner runs it: sets up its read model on first start,
 * then runs {@code ProjectionLoop}s (one per start) and serves the operator's requests: status, parked
 * events, reset, pause, resume, stop, and a rebuild's discard. Its status comes from memory ({@link StatusView}): the parked events are
 * counted when a run starts and kept up to date as events are parked, retried and skipped.
 *
 * <p>The generation serving queries runs behind its version's {@link ProjectionWorker}; a generation
 * being rebuilt beside it is a worker of its own (named {@code ...rebuild}) until it takes over.
 *
 * @param <C> the context its handler writes through
 */
final class ProjectionCopy<C extends ProjectionContext> implements RunningProjection {

    private final Projection<? super C> projection;
    private final ProjectionId id;
    private final String name;
    private final CheckpointStore<C> store;
    private final LogReader reader;
    private final LogSubscriber subscriber;
    private final RunnerSettings settings;
    private final Consumer<ProjectionId> tookOver;
    private static final Set<WorkerControl> COPY_CONTROLS;

    static {
        EnumSet<WorkerControl> controls = EnumSet.copyOf(WorkerKind.PROJECTION.controls());
        controls.remove(WorkerControl.REBUILD);
        controls.remove(WorkerControl.CANCEL_REBUILD);
        COPY_CONTROLS = Set.copyOf(controls);
    }

    private final Progress progress = new Progress();
    private final StoreSample<LogView> log;
    private volatile ProjectionLoop<C> loop;
    private volatile boolean superseded;
    private volatile boolean paused;

    /**
     * A copy, not started yet.
     *
     * @param id which generation of {@code projection}'s version
     * @param name its worker name
     * @param tookOver told the copy it took over from, once this one serves queries
     */
    ProjectionCopy(Projection<? super C> projection, ProjectionId id, String name, CheckpointStore<C> store,
            LogReader reader, LogSubscriber subscriber, RunnerSettings settings, Consumer<ProjectionId> tookOver) {
        this.projection = projection;
        this.id = id;
        this.name = name;
        this.store = store;
        this.reader = reader;
        this.subscriber = subscriber;
        this.settings = settings;
        this.tookOver = tookOver;
        this.log = new StoreSample<>(id.name() + "-v" + id.version() + "-g" + id.generation(), LogView.EMPTY,
                () -> LogView.read(reader, StatusView.checkpoint(loop, progress), projection.filter()));
    }

    /**
     * Sets up the read model if this version never ran, then starts applying from its checkpoint.
     *
     * @throws ProjectionVersionException when a newer version already serves queries
     */
    synchronized void start() {
        checkNotSuperseded();
        if (running()) {
            throw new ProjectionVersionException("Projection '" + id + "' is already running; stop it first.");
        }
        startLoop(prepare(false));
    }

    /**
     * Marks this handle as replaced by a newer start of the same version (or by a newer version
     * that took over): it stays readable but can no longer run, so two loops never run one version.
     */
    synchronized void supersede() {
        stopLoop();
        superseded = true;
    }

    private void checkNotSuperseded() {
        if (superseded) {
            throw new ProjectionException("This handle of projection '" + id + "' was replaced (started again, or "
                    + "taken over by a newer version): use the handle the runner's latest start returned.");
        }
    }

    /** True while it runs. */
    boolean running() {
        ProjectionLoop<C> current = loop;
        return current != null && !current.finished();
    }

    /**
     * True when it has caught up: it runs, builds nothing beside another copy, and follows the log at
     * its head ({@code LIVE}, or {@code CATCHING_UP} only by the events in flight under steady appends).
     */
    boolean caughtUp() {
        ProjectionLoop<C> current = loop;
        WorkerState state = status().state();
        return current != null && !current.finished() && !current.rebuilding() && current.feed().following()
                && (state == WorkerState.LIVE || state == WorkerState.CATCHING_UP);
    }

    @Override
    public ProjectionId id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public WorkerKind kind() {
        return WorkerKind.PROJECTION;
    }

    @Override
    public WorkerStatus status() {
        return status(name);
    }

    /** Its status under the worker name {@code as}. */
    WorkerStatus status(String as) {
        return StatusView.of(as, loop, paused, progress, log, settings);
    }

    /** A copy's controls: a projection's, but a rebuild, which its version's worker starts. */
    @Override
    public Set<WorkerControl> controls() {
        return COPY_CONTROLS;
    }

    /** Refused: a rebuild is started on the version's worker, {@code projection.<name>.v<version>}. */
    @Override
    public void rebuild() {
        throw new ControlNotSupportedException(name, WorkerKind.PROJECTION, WorkerControl.REBUILD);
    }

    /** Refused: a rebuild is cancelled on the version's worker, {@code projection.<name>.v<version>}. */
    @Override
    public void cancelRebuild() {
        throw new ControlNotSupportedException(name, WorkerKind.PROJECTION, WorkerControl.CANCEL_REBUILD);
    }

    /**
     * Abandons this generation, being rebuilt beside the one serving queries: its run may no longer take
     * over, stops after the batch it applies, and then its read model and checkpoints are dropped in one
     * transaction; from then on it can no longer run. Under this copy's lock, so no resume comes between.
     *
     * @return false, changing nothing, when it took over first: it serves queries now
     * @throws ProjectionRebuildException when its run has not stopped within the wait (a handler that
     *     does not return); it stops once the handler returns, and nothing was dropped
     */
    synchronized boolean discard() {
        ProjectionLoop<C> current = loop;
        if (current != null && !current.holdTakeOver()) {
            return false;
        }
        stopLoop();
        if (running()) {
            throw new ProjectionRebuildException("The rebuild '" + id + "' was told to stop, but its handler has not "
                    + "returned within 30 s. Nothing was dropped; it stops once the handler returns: cancel it again "
                    + "then (its worker '" + name + "' shows STOPPED), or resume it.");
        }
        try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
            if (tx.active().equals(Optional.of(id))) {
                return false;
            }
            tx.drop();
            tx.commit();
        }
        paused = false;
        superseded = true;
        return true;
    }

    /** None: a copy is not rebuilt by itself. */
    @Override
    public Optional<RunningProjection> rebuilding() {
        return Optional.empty();
    }

    @Override
    public synchronized void pause() {
        if (running()) {
            paused = true; // before the loop ends, so a status never shows STOPPED on the way to PAUSED
            stopLoop();
        }
    }

    @Override
    public synchronized void resume() {
        checkNotSuperseded();
        if (!running()) {
            try {
                startLoop(prepare(false));
            } finally {
                paused = false; // only once it runs: a status in between shows PAUSED, not STOPPED
            }
        }
    }

    @Override
    public boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException {
        return progress.await(target, timeout);
    }

    @Override
    public List<ParkedEvent> parkedEvents() {
        return store.parkedEvents(id);
    }

    @Override
    public void retryParked(Position position) {
        ParkedEvent parked = parkedEvents().stream().filter(p -> p.position().equals(position)).findFirst()
                .orElseThrow(() -> new ParkedEventNotFoundException(id, position));
        RecordedEvent event = readEvent(position);
        Exception failure;
        try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
            if (!tx.unpark(position)) {
                throw new ParkedEventNotFoundException(id, position);
            }
            try {
                projection.handler().apply(tx.context(), event);
                tx.commit();
                progress.applied(1);
                progress.parkedChanged(-1);
                return;
            } catch (Exception e) {
                failure = e;
            }
        }
        int attempts = parked.attempts() + 1;
        try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
            tx.park(new ParkedEvent(id, position, parked.stream(), parked.type(), ParkedEvent.describe(failure),
                    attempts, Instant.now()));
            tx.commit();
        }
        progress.error(failure);
        throw new ProjectionHandlerException(id, event, "It stays parked, now with " + attempts
                + " attempts: fix the cause and retry it, or skip it.", failure);
    }

    @Override
    public void skipParked(Position position) {
        try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
            if (!tx.unpark(position)) {
                throw new ParkedEventNotFoundException(id, position);
            }
            tx.commit();
        }
        progress.parkedChanged(-1);
    }

    @Override
    public synchronized void reset() {
        checkNotSuperseded();
        paused = true; // between the two runs a status shows PAUSED, never STOPPED (which gives a lease up)
        try {
            stopLoop();
            progress.checkpoint(Position.START);
            startLoop(prepare(true));
        } finally {
            paused = false;
        }
    }

    @Override
    public synchronized void stop() {
        stopLoop();
        paused = false;
    }

    /**
     * In one transaction: refuses an older version than the active one; sets up the read model when
     * this copy has none (or when resetting, after dropping it); makes this copy active when
     * no copy is, or when it was active before a reset.
     */
    private Checkpoints prepare(boolean reset) {
        try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
            Optional<ProjectionId> active = tx.active();
            if (active.isPresent() && active.get().version() > id.version()) {
                throw new ProjectionVersionException("Projection '" + id.name() + "' is served by version "
                        + active.get().version() + ", newer than version " + id.version() + ": run the newer code, "
                        + "or give this definition a higher version to rebuild beside it.");
            }
            boolean wasActive = active.isPresent() && active.get().equals(id);
            if (reset) {
                tx.drop();
            }
            Checkpoints checkpoints = reset ? null : tx.checkpoints(id).orElse(null);
            if (checkpoints == null) {
                try {
                    projection.setup().create(tx.context());
                } catch (Exception e) {
                    throw new ProjectionException("Setting up the read model of projection '" + id + "' failed: " + e
                            + ". Nothing was created; fix the setup and start it again.", e);
                }
                checkpoints = Checkpoints.at(projection.partitions(), Position.START);
                tx.resetCheckpoints(checkpoints);
            }
            if (active.isEmpty() || (reset && wasActive)) {
                tx.activate();
            }
            tx.commit();
            return checkpoints;
        }
    }

    private void startLoop(Checkpoints checkpoints) {
        progress.parked(store.parkedEvents(id).size());
        boolean rebuilding = store.active(id.name()).filter(active -> !active.equals(id)).isPresent();
        ProjectionLoop<C> next = new ProjectionLoop<>(projection, id, store, subscriber, settings, progress, checkpoints,
                rebuilding, this::tookOver);
        loop = next;
        next.start();
    }

    private void stopLoop() {
        ProjectionLoop<C> current = loop;
        if (current != null) {
            current.stop();
        }
    }

    private void tookOver(ProjectionId previous) {
        tookOver.accept(previous);
    }

    private RecordedEvent readEvent(Position position) {
        List<RecordedEvent> found = reader.readAll(Position.of(position.value() - 1), LogFilter.all(), 1);
        if (found.isEmpty() || !found.getFirst().position().equals(position)) {
            throw new ProjectionException("The event at position " + position + " parked by projection '" + id
                    + "' is not in the event store: is the projection running on the store it was parked from?");
        }
        return found.getFirst();
    }
}
