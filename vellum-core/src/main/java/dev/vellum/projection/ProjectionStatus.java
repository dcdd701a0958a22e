package dev.vellum.projection;

import dev.vellum.store.Position;
import dev.vellum.time.Retrying;
import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of one running projection version, for a status panel.
 *
 * @param projection the projection version
 * @param state its state
 * @param checkpoint every event up to here is applied (or parked); the lowest of its partitions
 * @param head the last position of the global log
 * @param lagEvents how many positions of the log lie between the checkpoint and the head
 * @param lag how long ago the oldest event not yet applied was recorded; zero when none waits
 * @param eventsPerSecond events applied per second, averaged over the last few seconds
 * @param lastError the last handler or store error, as class and message; {@code null} when none
 * @param parkedEvents how many events are parked
 * @param lastHeartbeat when the runner was last seen alive (it beats at least once a second)
 * @param retrying while {@link ProjectionState#RETRYING}: the last error, how many attempts failed and
 *     when it tries next; {@code null} otherwise
 */
public record ProjectionStatus(ProjectionId projection, ProjectionState state, Position checkpoint, Position head,
        long lagEvents, Duration lag, double eventsPerSecond, String lastError, long parkedEvents,
        Instant lastHeartbeat, Retrying retrying) {

    /** A status of a projection that is not retrying. */
    public ProjectionStatus(ProjectionId projection, ProjectionState state, Position checkpoint, Position head,
            long lagEvents, Duration lag, double eventsPerSecond, String lastError, long parkedEvents,
            Instant lastHeartbeat) {
        this(projection, state, checkpoint, head, lagEvents, lag, eventsPerSecond, lastError, parkedEvents,
                lastHeartbeat, null);
    }
}
