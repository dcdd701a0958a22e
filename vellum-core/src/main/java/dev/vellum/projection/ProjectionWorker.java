package dev.vellum.projection;

import dev.vellum.store.LogReader;
import dev.vellum.store.LogSubscriber;
import dev.vellum.store.Position;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One projection version as a runner runs it, under one worker name whatever generation serves: the
 * {@link ProjectionCopy} of the generation serving queries (or, for a new version, building beside an
 * older one), and the copy of its next generation while an operator's {@link #rebuild()} builds it.
 * When the rebuild has caught up it takes over; this worker then runs it, and the old generation is
 * stopped and dropped (kept with {@code keepPreviousVersion()}). An operator may also abandon the
 * rebuild ({@link #cancelRebuild()}): its copy is dropped, and the serving one never notices.
 *
 * <p>Which generation serves is the checkpoint store's active copy, and a rebuild in progress is the
 * next generation's saved checkpoints, so {@link #start()} after a restart resumes both.
 *
 * @param <C> the context its handler writes through
 */
final class ProjectionWorker<C extends ProjectionContext> implements RunningProjection {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionWorker.class);

    private final Projection<? super C> projection;
    private final String name;
    private final CheckpointStore<C> store;
    private final LogReader reader;
    private final LogSubscriber subscriber;
    private final RunnerSettings settings;
    private final Retirement retirement;
    private final WorkerRegistry registry;
    /** Guards the swap of the two copies; never held while a copy stops. */
    private final Object copies = new Object();
    private volatile ProjectionCopy<C> serving;
    private volatile ProjectionCopy<C> rebuild;
    private volatile boolean superseded;

    /**
     * A worker, not started yet.
     *
     * @param retirement told when this version takes over from an older version
     * @param registry where a rebuild's copy is registered while it builds; {@code null} for none
     */
    public ProjectionWorker(Projection<? super C> projection, CheckpointStore<C> store, LogReader reader,
            LogSubscriber subscriber, RunnerSettings settings, Retirement retirement, WorkerRegistry registry) {
        this.projection = projection;
        this.name = projection.id().workerName();
        this.store = store;
        this.reader = reader;
        this.subscriber = subscriber;
        this.settings = settings;
        this.retirement = retirement;
        this.registry = registry;
    }

    /**
     * Runs the generation of this version that serves queries (the first one when none does yet) from
     * its checkpoint, and the rebuild of its next generation if one was in progress.
     *
     * @throws ProjectionVersionException when a newer version already serves queries
     */
    public synchronized void start() {
        checkNotSuperseded();
        if (running()) {
            throw new ProjectionVersionException("Projection '" + projection.id() + "' is already running; stop it first.");
        }
        ProjectionId current = store.active(projection.id().name()).filter(projection.id()::sameVersion)
                .orElse(projection.id());
        ProjectionCopy<C> copy = copy(current, name, previous -> retirement.retire(current, previous,
                projection.keepPreviousVersion()));
        copy.start();
        serving = copy;
        dropLeftOver(current);
        if (current.generation() < ProjectionId.MAX_GENERATION) {
            ProjectionId next = current.withGeneration(current.generation() + 1);
            if (store.checkpoints(next).isPresent()) {
                LOG.info("Projection '{}' goes on rebuilding '{}' from its saved checkpoint", current, next);
                startRebuild(next);
            }
        }
    }

    /**
     * Drops the generation before {@code current} when a crash came between its successor's take-over
     * and its drop, unless the projection keeps previous versions.
     */
    private void dropLeftOver(ProjectionId current) {
        if (current.generation() > 1 && !projection.keepPreviousVersion()) {
            ProjectionId previous = current.withGeneration(current.generation() - 1);
            if (store.checkpoints(previous).isPresent()) {
                drop(previous);
            }
        }
    }

    private ProjectionCopy<C> copy(ProjectionId id, String copyName, Consumer<ProjectionId> tookOver) {
        return new ProjectionCopy<>(projection, id, copyName, store, reader, subscriber, settings, tookOver);
    }

    /**
     * Marks this handle as replaced by a newer start of the same version (or by a newer version that
     * took over): its copies stop, it stays readable but can no longer run.
     */
    public synchronized void supersede() {
        superseded = true;
        ProjectionCopy<C> building = rebuild;
        if (building != null) {
            building.supersede();
            unregister(building);
        }
        ProjectionCopy<C> current = serving;
        if (current != null) {
            current.supersede();
        }
    }

    private void checkNotSuperseded() {
        if (superseded) {
            throw new ProjectionException("This handle of projection '" + projection.id() + "' was replaced (started "
                    + "again, or taken over by a newer version): use the handle the runner's latest start returned.");
        }
    }

    /** True while the serving generation runs. */
    public boolean running() {
        ProjectionCopy<C> current = serving;
        return current != null && current.running();
    }

    @Override
    public ProjectionId id() {
        ProjectionCopy<C> current = serving;
        return current == null ? projection.id() : current.id();
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
        return serving.status(name);
    }

    @Override
    public Set<WorkerControl> controls() {
        return WorkerKind.PROJECTION.controls();
    }

    /** Pauses the serving generation, and the rebuild if one runs. */
    @Override
    public synchronized void pause() {
        ProjectionCopy<C> building = rebuild;
        if (building != null) {
            building.pause();
        }
        serving.pause();
    }

    /** Resumes the serving generation, and the rebuild if there is one. */
    @Override
    public synchronized void resume() {
        checkNotSuperseded();
        serving.resume();
        ProjectionCopy<C> building = rebuild;
        if (building != null) {
            building.resume();
        }
    }

    /** Waits on the serving generation, and on its successor when a rebuild takes over meanwhile. */
    @Override
    public boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ProjectionCopy<C> current = serving;
            if (current.awaitCheckpoint(target, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return true;
            }
            if (serving == current || System.nanoTime() >= deadline) {
                return false;
            }
        }
    }

    @Override
    public List<ParkedEvent> parkedEvents() {
        return serving.parkedEvents();
    }

    @Override
    public void retryParked(Position position) {
        serving.retryParked(position);
    }

    @Override
    public void skipParked(Position position) {
        serving.skipParked(position);
    }

    /** Resets the serving generation: its read model is cleared and built again in place. A rebuild goes on. */
    @Override
    public synchronized void reset() {
        checkNotSuperseded();
        serving.reset();
    }

    @Override
    public synchronized void rebuild() {
        checkNotSuperseded();
        ProjectionCopy<C> building = rebuild;
        if (building != null) {
            WorkerStatus status = building.status();
            throw new ProjectionRebuildException("A rebuild of projection '" + projection.id().name() + "' v"
                    + projection.id().version() + " already runs: '" + building.id() + "', " + status.state()
                    + " at position " + status.checkpoint().value() + " of " + status.head().value() + " (worker '"
                    + building.name() + "'). Nothing changed; wait for it to take over, or resume it if it stopped.");
        }
        ProjectionCopy<C> current = serving;
        WorkerState state = current.status().state();
        Optional<ProjectionId> active = store.active(current.id().name());
        if (!active.equals(Optional.of(current.id()))) {
            throw new ProjectionRebuildException("Projection '" + current.id() + "' does not serve queries ("
                    + active.map(a -> "'" + a + "' does").orElse("none does") + "), so there is nothing to rebuild "
                    + "beside it. Nothing changed; wait until it has taken over.");
        }
        if (!current.caughtUp()) {
            throw new ProjectionRebuildException("Projection '" + current.id() + "' is " + state + ", not caught up: "
                    + "a rebuild starts only from a version that follows the log at its head, so the new read model "
                    + "takes over from a complete one. Nothing changed; resume it or wait until it is LIVE, then ask"
                    + " again.");
        }
        if (current.id().generation() == ProjectionId.MAX_GENERATION) {
            throw new ProjectionRebuildException("Projection '" + current.id() + "' was rebuilt "
                    + (ProjectionId.MAX_GENERATION - 1) + " times, the most a version can be. Nothing changed; give the"
                    + " definition a higher version to build it again.");
        }
        ProjectionId next = current.id().withGeneration(current.id().generation() + 1);
        LOG.info("Projection '{}' is rebuilt as '{}' beside it", current.id(), next);
        startRebuild(next);
    }

    /** Runs generation {@code next} beside the serving one, registered as a worker of its own while it builds. */
    private void startRebuild(ProjectionId next) {
        AtomicReference<ProjectionCopy<C>> self = new AtomicReference<>();
        ProjectionCopy<C> copy = copy(next, StatusView.rebuildName(next), previous -> promote(self.get(), previous));
        self.set(copy);
        synchronized (copies) {
            rebuild = copy;
        }
        try {
            copy.start();
        } catch (RuntimeException e) {
            synchronized (copies) {
                rebuild = null;
            }
            throw e;
        }
        if (registry != null) {
            registry.replace(copy);
        }
    }

    /**
     * Called on the rebuild's thread once it took over from {@code previous}: it becomes the serving
     * generation, the old one stops, and its read model is dropped unless kept.
     */
    private void promote(ProjectionCopy<C> copy, ProjectionId previous) {
        ProjectionCopy<C> old;
        synchronized (copies) {
            old = serving;
            serving = copy;
            rebuild = null;
        }
        unregister(copy);
        old.supersede();
        LOG.info("Projection '{}' rebuilt: '{}' serves queries in place of '{}'", name, copy.id(), previous);
        if (!projection.keepPreviousVersion()) {
            drop(previous);
        }
    }

    /** Drops a generation's read model; a failure is logged, and the next start drops it again. */
    private void drop(ProjectionId id) {
        try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
            tx.drop();
            tx.commit();
        } catch (RuntimeException e) {
            LOG.warn("Projection '{}': the read model of '{}' could not be dropped; the next start drops it", name, id, e);
        }
    }

    private void unregister(ProjectionCopy<C> copy) {
        if (registry != null) {
            registry.unregister(copy);
        }
    }

    /**
     * Abandons the rebuild: its copy stops and is dropped ({@link ProjectionCopy#discard()}), then it is
     * forgotten and unregistered. The serving copy is never touched; a rebuild that took over first
     * serves on, and the cancel is refused as too late.
     */
    @Override
    public synchronized void cancelRebuild() {
        checkNotSuperseded();
        ProjectionCopy<C> building = rebuild;
        if (building == null) {
            throw noRebuild();
        }
        if (!building.discard()) {
            throw new RebuildNotFoundException("The rebuild of projection '" + projection.id().name() + "' v"
                    + projection.id().version() + " took over before the cancel reached it: '" + building.id()
                    + "' serves queries now, and the generation it replaced is "
                    + (projection.keepPreviousVersion() ? "kept." : "dropped.") + " Nothing changed; rebuild it again "
                    + "if the new read model is wrong.");
        }
        synchronized (copies) {
            rebuild = null;
        }
        unregister(building);
        LOG.info("Projection '{}': the rebuild '{}' was cancelled and dropped; '{}' goes on serving", name,
                building.id(), serving.id());
    }

    private RebuildNotFoundException noRebuild() {
        ProjectionId current = serving.id();
        Optional<ProjectionId> active = store.active(current.name());
        if (active.isPresent() && !active.get().equals(current)) {
            return new RebuildNotFoundException("No operator's rebuild of '" + current + "' runs: it is itself a new "
                    + "version building beside '" + active.get() + "', which serves queries; its code started it. "
                    + "Nothing changed; to abandon it, stop it (or deploy without it) and '" + active.get()
                    + "' serves on.");
        }
        return new RebuildNotFoundException("No rebuild of projection '" + current + "' runs (worker '" + name
                + "'), so there is none to cancel. Nothing changed.");
    }

    @Override
    public Optional<RunningProjection> rebuilding() {
        return Optional.ofNullable(rebuild);
    }

    /** Stops the serving generation and the rebuild, each after the batch it is applying. */
    @Override
    public synchronized void stop() {
        ProjectionCopy<C> building = rebuild;
        if (building != null) {
            building.stop();
        }
        serving.stop();
    }
}
