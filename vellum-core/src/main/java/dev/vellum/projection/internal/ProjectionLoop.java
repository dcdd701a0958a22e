package dev.vellum.projection.internal;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.store.LogSubscriber;
import dev.vellum.store.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a projection version, from a start to a stop or failure, on a thread of its own: take
 * what the {@link EventFeed} has, apply it through the {@link Partitions}, and when a rebuilding
 * version has caught up, take over from the version serving queries.
 */
final class ProjectionLoop<C extends ProjectionContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionLoop.class);

    private final ProjectionId id;
    private final CheckpointStore<C> store;
    private final RunnerSettings settings;
    private final Progress progress;
    private final StopSignal stop;
    private final Partitions<C> partitions;
    private final EventFeed feed;
    private final IntConsumer tookOver;
    private final Thread thread;
    private volatile boolean rebuilding;
    private volatile boolean failed;
    private volatile boolean finished;

    /**
     * Subscribes from the lowest checkpoint; {@link #start()} sets it going.
     *
     * @param tookOver told the previous active version once this one took over
     */
    ProjectionLoop(Projection<? super C> projection, CheckpointStore<C> store, LogSubscriber log,
            RunnerSettings settings, Progress progress, Checkpoints checkpoints, boolean rebuilding,
            IntConsumer tookOver) {
        this.id = projection.id();
        this.store = store;
        this.settings = settings;
        this.progress = progress;
        this.rebuilding = rebuilding;
        this.tookOver = tookOver;
        this.stop = new StopSignal(settings.beatMillis());
        this.partitions = new Partitions<>(id, store,
                committed -> new BatchApplier<>(projection, store, progress, stop, committed),
                checkpoints, projection.partitions());
        progress.ended(false);
        progress.checkpoint(partitions.low());
        this.feed = new EventFeed(log, partitions.low(), projection.filter(), settings.batchSize() * 2);
        this.thread = Thread.ofPlatform().daemon().name("vellum-projection-" + id.name() + "-v" + id.version())
                .unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stop.stopping()) {
                List<RecordedEvent> batch = feed.next(settings.batchSize(), settings.beatMillis());
                progress.beat();
                if (stop.stopping()) {
                    break;
                }
                if (batch.isEmpty()) {
                    Optional<String> gone = feed.stoppedBecause();
                    if (gone.isPresent()) {
                        fail(gone.get(), null);
                        break;
                    }
                    caughtUpToSeen();
                    partitions.persist();
                    takeOverWhenCaughtUp();
                    continue;
                }
                BatchApplier.Outcome outcome = partitions.apply(batch);
                if (outcome instanceof BatchApplier.Outcome.Failed f) {
                    fail("Projection '" + id + "' stopped on the " + f.event().type() + " event at position "
                            + f.event().position() + " after its retries: " + f.error(), f.error());
                    break;
                }
                if (outcome instanceof BatchApplier.Outcome.Stopped) {
                    break;
                }
                feed.completed(batch.size());
                caughtUpToSeen();
                takeOverWhenCaughtUp();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fail("Projection '" + id + "' failed: " + e, e);
        } finally {
            end();
        }
    }

    private void caughtUpToSeen() {
        feed.seen().ifPresent(partitions::advanceTo);
        progress.checkpoint(partitions.low());
    }

    /**
     * A rebuilding version takes over once it is live and at or past the active version's
     * checkpoint: in one transaction it saves its checkpoints and becomes the active version, so
     * queries switch from a complete old read model to a complete new one, never to a partial one.
     */
    private void takeOverWhenCaughtUp() {
        if (!rebuilding || !feed.live()) {
            return;
        }
        OptionalInt previous;
        try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
            previous = tx.activeVersion();
            if (previous.isPresent() && previous.getAsInt() != id.version()) {
                Optional<Checkpoints> theirs = tx.checkpoints(id.withVersion(previous.getAsInt()));
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
        if (previous.isPresent() && previous.getAsInt() != id.version()) {
            LOG.info("Projection '{}' caught up and took over from version {}", id, previous.getAsInt());
            tookOver.accept(previous.getAsInt());
        }
    }

    private void fail(String message, Throwable cause) {
        failed = true;
        if (cause != null) {
            progress.error(cause);
            LOG.error(message, cause);
        } else {
            progress.error(message);
            LOG.error(message);
        }
    }

    private void end() {
        try {
            partitions.persist(); // saves only what is applied; after a failure it is still exact
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
