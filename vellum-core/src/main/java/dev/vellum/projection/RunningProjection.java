package dev.vellum.projection;

import dev.vellum.store.Position;
import java.time.Duration;
import java.util.List;

/**
 * A projection version started by a {@link ProjectionRunner}: its status, and what an operator
 * can do with it. It stays usable after it stopped (status, parked events, reset).
 */
public interface RunningProjection {

    /** Which projection version. */
    ProjectionId id();

    /** Its status now. */
    ProjectionStatus status();

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
    void retryParked(Position position);

    /**
     * Removes a parked event without applying it: the read model will never have it.
     *
     * @throws ParkedEventNotFoundException when nothing is parked at {@code position}
     */
    void skipParked(Position position);

    /**
     * Clears its read model and replays the log from position 0 (running again if it had stopped).
     * Queries see the read model empty, then filling; to rebuild without that, start a new version
     * beside this one instead.
     *
     * @throws ProjectionException when this handle was replaced by a later start or a newer version
     */
    void reset();

    /** Stops it after the batch being applied; waits until it has stopped. Start it again from the runner. */
    void stop();
}
