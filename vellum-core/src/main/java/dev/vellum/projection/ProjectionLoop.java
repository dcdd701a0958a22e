package dev.vellum.projection;

import dev.vellum.store.LogSubscriber;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a projection version, from a start to a stop or failure, on a thread of its own: take
 * what the {@link EventFeed} has, apply it through the {@link Partitions}, and when a rebuilding
 * version has caught up, take over from the version serving queries.
 *
 * <p>When the read-model database fails in a way that waiting can cure ({@link CheckpointStore#isTransient}:
 * a restart, a lost connection) outside a handler (beginning or committing a batch, saving
 * checkpoints), the run does what a restart would, by itself: it drops its feed and partitions without
 * saving anything (a commit whose reply was lost may have gone through), waits as
 * {@link dev.vellum.time.internal.TransientRetry} says, reads the saved checkpoints again and goes on
 * from them. So no event is applied twice or skipped, and the status says {@code RETRYING} meanwhile.
 */
final class ProjectionLoop<C extends ProjectionContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionLoop.class);

    private final ProjectionId id;
    private final Projection<? super C> projection;
    private final LogSubscriber log;
    private final CheckpointStore<C> store;
    private final RunnerSettings settings;
    private final Progress progress;
    private final StopSignal stop;
    private final Consumer<ProjectionId> tookOver;
    private final Thread thread;
    private volatile Partitions<C> partitions;
    private volatile EventFeed feed;
    private volatile boolean rebuilding;
    private volatile boolean discarded;
    private volatile boolean failed;
    private volatile boolean finished;
    /** Held while taking over, so a cancel either comes before a take-over or sees it done. */
    private final Object takeOver = new Object();
    private boolean takeOverHeld; // guarded by takeOver
    private boolean tookOverHere; // guarded by takeOver

    /**
     * Subscribes from the lowest checkpoint; {@link #start()} sets it going.
     *
     * @param id which generation of {@code projection}'s version it runs
     * @param tookOver told the previous active copy once this one took over
     */
    ProjectionLoop(Projection<? super C> projection, ProjectionId id, CheckpointStore<C> store, LogSubscriber log,
            RunnerSettings settings, Progress progress, Checkpoints checkpoints, boolean rebuilding,
            Consumer<ProjectionId> tookOver) {
        this.id = id;
        this.projection = projection;
        this.log = log;
        this.store = store;
        this.settings = settings;
        this.progress = progress;
        this.rebuilding = rebuilding;
        this.tookOver = tookOver;
        this.stop = new StopSignal(settings.beatMillis());
        progress.ended(false);
        open(checkpoints);
        this.thread = Thread.ofPlatform().daemon().name("vellum-projection-" + id.name() + "-v" + id.version() + "-g" + id.generation())
                .unstarted(this::run);
    }

    /** Sets up partitions from {@code checkpoints} and a feed from the lowest of them. */
    private void open(Checkpoints checkpoints) {
        partitions = new Partitions<>(id, store, committed -> new BatchApplier<>(projection, id, store, progress, stop, committed),
                checkpoints, projection.partitions());
        progress.checkpoint(partitions.low());
        feed = new EventFeed(log, partitions.low(), projection.filter(), settings.batchSize() * 2);
        discarded = false;
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stop.stopping()) {
                try {
                    apply();
                    break;
                } catch (RuntimeException e) {
                    if (stop.stopping() || !store.isTransient(e)) {
                        throw e;
                    }
                    if (!reopenAfter(e)) {
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fail("Projection '" + id + "' failed: " + e, e, null);
        } finally {
            end();
        }
    }

    /**
     * After {@code error}, which waiting can cure: drops the feed and the partitions unsaved, waits,
     * and opens them again from the saved checkpoints, until that works. False when told to stop first.
     */
    private boolean reopenAfter(RuntimeException error) throws InterruptedException {
        discarded = true;
        partitions.close();
        feed.close();
        RuntimeException last = error;
        while (true) {
            Duration wait = progress.transients().failed(last);
            progress.error(last);
            LOG.warn("Projection '{}' could not go on; it reads its checkpoints again in {} ms: {}", id, wait.toMillis(),
                    last.toString());
            if (stop.sleep(wait, progress)) {
                return false;
            }
            try {
                Checkpoints saved = store.checkpoints(id).orElseThrow(() -> new ProjectionException("The checkpoints of"
                        + " projection '" + id + "' are gone (dropped meanwhile?); start it again."));
                rebuilding = store.active(id.name()).filter(active -> !active.equals(id)).isPresent();
                open(saved);
                LOG.info("Projection '{}' goes on from its saved checkpoint {}", id, partitions.low());
                return !stop.stopping();
            } catch (RuntimeException e) {
                if (!store.isTransient(e)) {
                    throw e;
                }
                last = e;
            }
        }
    }

    /** Applies batches until told to stop or it fails; a failure that waiting can cure is thrown. */
    private void apply() throws InterruptedException {
        while (!stop.stopping()) {
            List<RecordedEvent> batch = feed.next(settings.batchSize(), settings.beatMillis());
            progress.beat();
            if (stop.stopping()) {
                return;
            }
            if (batch.isEmpty()) {
                Optional<String> gone = feed.stoppedBecause();
                if (gone.isPresent()) {
                    fail(gone.get(), null, null);
                    return;
                }
                caughtUpToSeen();
                partitions.persist();
                takeOverWhenCaughtUp();
                continue;
            }
            BatchApplier.Outcome outcome = partitions.apply(batch);
            if (outcome instanceof BatchApplier.Outcome.Failed f) {
                fail("Projection '" + id + "' stopped on the " + f.event().type() + " event at position "
                        + f.event().position() + " after its retries: " + f.error(), f.error(), f.event().position());
                return;
            }
            if (outcome instanceof BatchApplier.Outcome.Stopped) {
                return;
            }
            feed.completed(batch.size());
            caughtUpToSeen();
            takeOverWhenCaughtUp();
            progress.transients().succeeded();
        }
    }

    private void caughtUpToSeen() {
        feed.seen().ifPresent(partitions::advanceTo);
        progress.checkpoint(partitions.low());
    }

    /**
     * A rebuilding copy (a new version, or a new generation of the serving version) takes over once it
     * is live and at or past the active copy's checkpoint: in one transaction it saves its checkpoints
     * and becomes the active copy, so queries switch from a complete old read model to a complete new
     * one, never to a partial one.
     */
    private void takeOverWhenCaughtUp() {
        if (!rebuilding || !feed.live()) {
            return;
        }
        synchronized (takeOver) {
            if (takeOverHeld) {
                return;
            }
            Optional<ProjectionId> previous;
            try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
                previous = tx.active().filter(active -> !active.equals(id));
                if (previous.isPresent()) {
                    Optional<Checkpoints> theirs = tx.checkpoints(previous.get()); // locked: its last commit is seen
                    if (!tx.active().equals(previous) || previous.get().version() > id.version()) {
                        return; // another copy took over meanwhile, or a newer version serves: not this copy's turn
                    }
                    if (theirs.isPresent() && theirs.get().low().isAfter(partitions.low())) {
                        return; // the serving version is ahead: catch up with it first
                    }
                }
                partitions.persistIn(tx);
                tx.activate();
                tx.commit();
                partitions.persisted();
            }
            rebuilding = false;
            tookOverHere = true;
            if (previous.isPresent()) {
                LOG.info("Projection '{}' caught up and took over from '{}'", id, previous.get());
                tookOver.accept(previous.get());
            }
        }
    }

    /**
     * From now on this run never takes over (a cancel of the rebuild it builds is under way). Waits for a
     * take-over in progress, so the answer is final.
     *
     * @return false when this run took over already, including what follows a take-over
     */
    boolean holdTakeOver() {
        synchronized (takeOver) {
            takeOverHeld = true;
            return !tookOverHere;
        }
    }

    private void fail(String message, Throwable cause, Position position) {
        failed = true;
        if (cause != null) {
            progress.error(cause, position);
            LOG.error(message, cause);
        } else {
            progress.error(ProjectionException.class.getName(), message);
            LOG.error(message);
        }
    }

    private void end() {
        try {
            if (!discarded) {
                partitions.persist(); // saves only what is applied; after a failure it is still exact
            }
        } catch (RuntimeException e) {
            LOG.warn("Projection '{}' could not save its checkpoints on stopping; it will re-read a little", id, e);
        }
        progress.checkpoint(partitions.low());
        partitions.close();
        feed.close();
        finished = true;
        progress.ended(true);
    }

    /** Stops after the batch being applied; waits for the thread unless called on it. */
    void stop() {
        stop.stop();
        feed.close();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    EventFeed feed() {
        return feed;
    }

    boolean rebuilding() {
        return rebuilding;
    }

    boolean failed() {
        return failed;
    }

    boolean finished() {
        return finished;
    }
}
