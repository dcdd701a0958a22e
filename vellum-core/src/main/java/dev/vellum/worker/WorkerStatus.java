package dev.vellum.worker;

import dev.vellum.store.Position;
import dev.vellum.time.Retrying;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of one worker, for a status panel, the metrics and the alerts: the same shape for every
 * {@link WorkerKind}. It is put together from memory, so asking never waits for a handler, a batch, a
 * lock or the database (guarantee 9): the head and the lag are as the store last answered (read again
 * on each ask, waited for a fraction of a second at most), and {@link #storeUnreachableSince()} says
 * when the store stopped answering.
 *
 * @param name the worker's name, unique in a {@link WorkerRegistry}
 * @param kind what it does
 * @param state its state
 * @param checkpoint every event up to here is handled (or parked); {@link Position#START} for a timer
 *     scheduler, which does not follow the log
 * @param head the last position of the global log, as the store last answered (the checkpoint when it
 *     does not follow the log)
 * @param lagEvents how many positions of the log lie between the checkpoint and the head
 * @param lag how long ago the oldest event not yet handled was recorded; zero when none waits
 * @param eventsPerSecond events handled (timers fired, for a timer scheduler) per second, over the
 *     last few seconds
 * @param lastError the last error it met; {@code null} when none
 * @param parkedEvents how many events are parked (projections; zero for the other kinds)
 * @param pendingEffects how many effects are not yet ended: waiting for their turn, a retry or approval
 *     (reactors; zero for the other kinds)
 * @param dueTimers how many timers were due, not yet fired, when it last looked (timer schedulers,
 *     process managers, and reactors for their outbox; zero for the other kinds)
 * @param node the node it runs on: a {@link WorkerRegistry}'s node name; {@code null} outside a registry
 * @param lease the lease it runs under; {@code null} when it is not leased, or while another node runs it
 * @param lastHeartbeat when it was last seen alive and working
 * @param retrying while {@link WorkerState#RETRYING}: the last error, how many attempts failed and when
 *     it tries next; {@code null} otherwise
 * @param storeUnreachableSince when the event store stopped answering the reads of the head (a read
 *     failed, or has not answered within a second): the head and lag are from before then;
 *     {@code null} while it answers
 * @param waiting what its work is waiting for (a reactor's effects waiting for a projection, the
 *     earliest of them), whatever its state; {@code null} when nothing waits
 * @param expiredTimers how many timers it has recorded as expired (taken after their deadline, so not
 *     fired) since it started (timer schedulers and process managers; zero for the other kinds)
 * @param partitions the lag of each partition it holds, by topic and partition, as it last looked
 *     (inboxes; empty for the other kinds, and while it holds none); the sum of their lags is
 *     {@link #lagEvents()}
 */
public record WorkerStatus(String name, WorkerKind kind, WorkerState state, Position checkpoint, Position head,
        long lagEvents, Duration lag, double eventsPerSecond, WorkerError lastError, long parkedEvents,
        long pendingEffects, long dueTimers, String node, WorkerLease lease, Instant lastHeartbeat,
        Retrying retrying, Instant storeUnreachableSince, Waiting waiting, long expiredTimers,
        List<PartitionLag> partitions) {

    /** A status with no {@linkplain #expiredTimers() expired timers} and no {@linkplain #partitions() partitions}. */
    public WorkerStatus(String name, WorkerKind kind, WorkerState state, Position checkpoint, Position head,
            long lagEvents, Duration lag, double eventsPerSecond, WorkerError lastError, long parkedEvents,
            long pendingEffects, long dueTimers, String node, WorkerLease lease, Instant lastHeartbeat,
            Retrying retrying, Instant storeUnreachableSince, Waiting waiting) {
        this(name, kind, state, checkpoint, head, lagEvents, lag, eventsPerSecond, lastError, parkedEvents,
                pendingEffects, dueTimers, node, lease, lastHeartbeat, retrying, storeUnreachableSince, waiting, 0,
                List.of());
    }

    /** A status with nothing {@linkplain #waiting() waiting}, no expired timers and no partitions. */
    public WorkerStatus(String name, WorkerKind kind, WorkerState state, Position checkpoint, Position head,
            long lagEvents, Duration lag, double eventsPerSecond, WorkerError lastError, long parkedEvents,
            long pendingEffects, long dueTimers, String node, WorkerLease lease, Instant lastHeartbeat,
            Retrying retrying, Instant storeUnreachableSince) {
        this(name, kind, state, checkpoint, head, lagEvents, lag, eventsPerSecond, lastError, parkedEvents,
                pendingEffects, dueTimers, node, lease, lastHeartbeat, retrying, storeUnreachableSince, null);
    }

    /** Checks that nothing required is missing. */
    public WorkerStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }

    /** This status, placed on {@code newNode} under {@code newLease} (which may be {@code null}). */
    public WorkerStatus placed(String newNode, WorkerLease newLease) {
        return new WorkerStatus(name, kind, state, checkpoint, head, lagEvents, lag, eventsPerSecond, lastError,
                parkedEvents, pendingEffects, dueTimers, newNode, newLease, lastHeartbeat, retrying, storeUnreachableSince,
                waiting, expiredTimers, partitions);
    }

    /** This status in state {@code newState}. */
    public WorkerStatus in(WorkerState newState) {
        return new WorkerStatus(name, kind, newState, checkpoint, head, lagEvents, lag, eventsPerSecond, lastError,
                parkedEvents, pendingEffects, dueTimers, node, lease, lastHeartbeat, retrying, storeUnreachableSince,
                waiting, expiredTimers, partitions);
    }

    /** This status with {@code newWaiting} (which may be {@code null}) as what its work waits for. */
    public WorkerStatus waitingOn(Waiting newWaiting) {
        return new WorkerStatus(name, kind, state, checkpoint, head, lagEvents, lag, eventsPerSecond, lastError,
                parkedEvents, pendingEffects, dueTimers, node, lease, lastHeartbeat, retrying, storeUnreachableSince,
                newWaiting, expiredTimers, partitions);
    }

    /** This status with {@code count} as the timers it has recorded as expired. */
    public WorkerStatus withExpiredTimers(long count) {
        return new WorkerStatus(name, kind, state, checkpoint, head, lagEvents, lag, eventsPerSecond, lastError,
                parkedEvents, pendingEffects, dueTimers, node, lease, lastHeartbeat, retrying, storeUnreachableSince,
                waiting, count, partitions);
    }
}
