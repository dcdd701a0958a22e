package dev.vellum.projection;

import dev.vellum.store.Position;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.util.List;

/**
 * A projection version started by a {@link ProjectionRunner}: a {@link Worker} of kind
 * {@code PROJECTION} named {@code projection.<name>.v<version>}, with its status and what an operator
 * can do with it (pause, resume, retry or skip parked events, reset). It stays usable after it
 * stopped (status, parked events, reset, resume).
 */
public interface RunningProjection extends Worker {

    /** Which projection version. */
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

    /** Stops it after the batch being applied; waits until it has stopped. Start it again from the runner. */
    void stop();
}
