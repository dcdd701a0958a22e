package dev.vellum.projection.internal;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ParkedEventNotFoundException;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionException;
import dev.vellum.projection.ProjectionHandlerException;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionVersionException;
import dev.vellum.projection.RunningProjection;
import dev.vellum.store.LogFilter;
import dev.vellum.store.LogReader;
import dev.vellum.store.LogSubscriber;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One projection version as a runner runs it: sets up its read model on first start, then runs
 * {@code ProjectionLoop}s (one per start) and serves the operator's requests: status, parked
 * events, reset, pause, resume, stop. Its status comes from memory ({@link StatusView}): the parked events are
 * counted when a run starts and kept up to date as events are parked, retried and skipped.
 *
 * @param <C> the context its handler writes through
 */
public final class ProjectionWorker<C extends ProjectionContext> implements RunningProjection {

    private final Projection<? super C> projection;
    private final ProjectionId id;
    private final CheckpointStore<C> store;
    private final LogReader reader;
    private final LogSubscriber subscriber;
    private final RunnerSettings settings;
    private final Retirement retirement;
    private final Progress progress = new Progress();
    private final StoreSample<StatusView.LogView> log;
    private volatile ProjectionLoop<C> loop;
    private volatile boolean superseded;
    private volatile boolean paused;

    /**
     * A worker, not started yet.
     *
     * @param retirement told when this version takes over from an older one
     */
    public ProjectionWorker(Projection<? super C> projection, CheckpointStore<C> store, LogReader reader,
            LogSubscriber subscriber, RunnerSettings settings, Retirement retirement) {
        this.projection = projection;
        this.id = projection.id();
        this.store = store;
        this.reader = reader;
        this.subscriber = subscriber;
        this.settings = settings;
        this.retirement = retirement;
        this.log = new StoreSample<>(id.name() + "-v" + id.version(), StatusView.LogView.EMPTY,
                () -> StatusView.LogView.read(reader, StatusView.checkpoint(loop, progress), projection.filter()));
    }

    /**
     * Sets up the read model if this version never ran, then starts applying from its checkpoint.
     *
     * @throws ProjectionVersionException when a newer version already serves queries
     */
    public synchronized void start() {
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
    public synchronized void supersede() {
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
    public boolean running() {
        ProjectionLoop<C> current = loop;
        return current != null && !current.finished();
    }

    @Override
    public ProjectionId id() {
        return id;
    }

    @Override
    public String name() {
        return StatusView.workerName(id);
    }

    @Override
    public WorkerKind kind() {
        return WorkerKind.PROJECTION;
    }

    @Override
    public WorkerStatus status() {
        return StatusView.of(id, loop, paused, progress, log, settings);
    }

    @Override
    public Set<WorkerControl> controls() {
        return WorkerKind.PROJECTION.controls();
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
     * this version has none (or when resetting, after dropping it); makes this version active when
     * no version is, or when it was active before a reset.
     */
    private Checkpoints prepare(boolean reset) {
        try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
            OptionalInt active = tx.activeVersion();
            if (active.isPresent() && active.getAsInt() > id.version()) {
                throw new ProjectionVersionException("Projection '" + id.name() + "' is served by version "
                        + active.getAsInt() + ", newer than version " + id.version() + ": run the newer code, "
                        + "or give this definition a higher version to rebuild beside it.");
            }
            boolean wasActive = active.isPresent() && active.getAsInt() == id.version();
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
        boolean rebuilding = store.activeVersion(id.name()).orElse(id.version()) != id.version();
        ProjectionLoop<C> next = new ProjectionLoop<>(projection, store, subscriber, settings, progress, checkpoints,
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

    private void tookOver(int previousVersion) {
        retirement.retire(id, id.withVersion(previousVersion), projection.keepPreviousVersion());
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
