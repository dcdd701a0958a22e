package dev.vellum.projection;

import dev.vellum.store.Position;
import dev.vellum.time.Retrying;
import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of one running projection version, for a status panel. It is put together from
 * memory, so asking never waits for a handler, a batch, a lock or the database: the head and the
 * lag are as the store last answered (read again on each ask, waited for a fraction of a second at
 * most), and {@link #storeUnreachableSince()} says when the store stopped answering.
 *
 * @param projection the projection version
 * @param state its state
 * @param checkpoint every event up to here is applied (or parked); the lowest of its partitions
 * @param head the last position of the global log, as the store last answered
 * @param lagEvents how many positions of the log lie between the checkpoint and the head
 * @param lag how long ago the oldest event not yet applied was recorded; zero when none waits
 * @param eventsPerSecond events applied per second, averaged over the last few seconds
 * @param lastError the last handler or store error, as class and message; {@code null} when none
 * @param parkedEvents how many events are parked
 * @param lastHeartbeat when the runner was last seen alive (it beats at least once a second)
 * @param storeUnreachableSince when the event store stopped answering the reads of the head (a read
 *     failed, or has not answered within a second): the head and lag are from before then;
 *     {@code null} while it answers
 * @param retrying while {@link ProjectionState#RETRYING}: the last error, how many attempts failed and
 *     when it tries next; {@code null} otherwise
 */
public record ProjectionStatus(ProjectionId projection, ProjectionState state, Position checkpoint, Position head,
        long lagEvents, Duration lag, double eventsPerSecond, String lastError, long parkedEvents,
        Instant lastHeartbeat, Instant storeUnreachableSince, Retrying retrying) {

    /** A status of a projection whose store answers and that is not retrying. */
    public ProjectionStatus(ProjectionId projection, ProjectionState state, Position checkpoint, Position head,
            long lagEvents, Duration lag, double eventsPerSecond, String lastError, long parkedEvents,
            Instant lastHeartbeat) {
        this(projection, state, checkpoint, head, lagEvents, lag, eventsPerSecond, lastError, parkedEvents,
                lastHeartbeat, null, null);
    }
}
