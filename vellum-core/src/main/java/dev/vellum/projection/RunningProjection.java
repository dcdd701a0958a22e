package dev.vellum.projection;

import dev.vellum.store.Position;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A projection version started by a {@link ProjectionRunner}: a {@link Worker} of kind
 * {@code PROJECTION} named {@code projection.<name>.v<version>}, with its status and what an operator
 * can do with it (pause, resume, retry or skip parked events, reset, rebuild, cancel a rebuild). It stays usable after it
 * stopped (status, parked events, reset, resume).
 *
 * <p>The handle stays the same across {@linkplain #rebuild() rebuilds}: it stands for whichever
 * generation of the version serves queries ({@link #id()}), while the generation being built beside it
 * is {@link #rebuilding()}, a worker of its own named {@code projection.<name>.v<version>.rebuild}.
 */
public interface RunningProjection extends Worker {

    /** Which projection version, and which generation of it this handle runs now. */
    ProjectionId id();

    /**
     * Its status now, from memory; its counts hold the parked events. A stopped version is
     * {@code STOPPED}, a paused one {@code PAUSED}, a new version building beside the one that serves
     * queries {@code REBUILDING}.
     */
    @Override
    WorkerStatus status();

    /**
     * Waits until its checkpoint reaches {@code target}: every event it handles up to there is
     * applied and committed. Events it does not handle count once it has seen past them (within a
     * heartbeat when nothing it handles follows them).
     *
     * @return true when reached within {@code timeout}; false on timeout or when it stopped first
     */
    boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException;

    /** Its parked events, in position order. */
    List<ParkedEvent> parkedEvents();

    /** Its parked events, in position order, as the worker model lists parked work: {@link #parkedEvents()}. */
    @Override
    default List<ParkedEvent> parked() {
        return parkedEvents();
    }

    /**
     * Applies a parked event again (after a fix) and removes it from the parked events, in one
     * transaction. It may run while the projection runs.
     *
     * @throws ParkedEventNotFoundException when nothing is parked at {@code position}
     * @throws ProjectionHandlerException when the handler fails again; the event stays parked, its
     *     attempts counted and its error updated
     */
    @Override
    void retryParked(Position position);

    /**
     * Removes a parked event without applying it: the read model will never have it.
     *
     * @throws ParkedEventNotFoundException when nothing is parked at {@code position}
     */
    @Override
    void skipParked(Position position);

    /**
     * Clears its read model and replays the log from position 0 (running again if it had stopped).
     * Queries see the read model empty, then filling; to rebuild without that, start a new version
     * beside this one instead.
     *
     * @throws ProjectionException when this handle was replaced by a later start or a newer version
     */
    @Override
    void reset();

    /**
     * Starts building this version's read model again as its next generation, from position 0, beside
     * the generation serving queries, which goes on serving and following the log. Once the new
     * generation has caught up with it, it takes over in one transaction (a SQL store switches the
     * views), and the old one is stopped and dropped, or kept if the projection says
     * {@code keepPreviousVersion()}. Until then {@link #rebuilding()} shows it. A rebuild in progress
     * is kept in the checkpoint store: starting the version again after a restart resumes it.
     *
     * @throws ProjectionRebuildException when this version is not live and serving queries (it is
     *     catching up, paused, failed, or a newer version is building beside it), or a rebuild of it
     *     already runs; nothing changed
     * @throws ProjectionException when setting up the new read model fails; nothing was created
     */
    @Override
    void rebuild();

    /**
     * Abandons the rebuild in progress: the generation being built stops after the batch it is applying,
     * its read model (its tables on SQL) and checkpoints are dropped in one transaction, and its worker
     * is unregistered. The generation serving queries is not touched: it goes on serving and following
     * the log. A restart after a crash in the middle either finds the rebuild gone or resumes it, never a
     * part of it. Paused or failed rebuilds are cancelled the same way.
     *
     * @throws RebuildNotFoundException when no rebuild of this version runs (none started, or it took over
     *     before the cancel reached it); nothing changed
     * @throws ProjectionRebuildException when the rebuild's handler has not returned within 30 seconds of
     *     being told to stop; it stops once it returns, and nothing was dropped: ask again then
     */
    @Override
    void cancelRebuild();

    /** The generation being built beside this one by {@link #rebuild()}; empty when no rebuild runs. */
    Optional<RunningProjection> rebuilding();

    /** Stops it after the batch being applied; waits until it has stopped. Start it again from the runner. */
    void stop();
}
