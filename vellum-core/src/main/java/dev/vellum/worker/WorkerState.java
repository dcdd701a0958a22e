package dev.vellum.worker;

/** Where a {@link Worker} is in its life: one set of states for every {@link WorkerKind}. */
public enum WorkerState {
    /** Reading history: its checkpoint is behind the head of the log. */
    CATCHING_UP,
    /** At the head of the log (or, for a timer scheduler, firing timers as they come due). */
    LIVE,
    /**
     * A new projection version building its read model beside the version that serves queries; it
     * takes over once it has caught up.
     */
    REBUILDING,
    /**
     * Running, but waiting to try again after a failure that waiting can cure (the event store or the
     * read-model database unreachable, a connection lost); it goes on by itself once that ends, from
     * where it was. {@link WorkerStatus#retrying()} says why and when it tries next.
     */
    RETRYING,
    /**
     * Running but making no progress: work is waiting and nothing was applied, or its heartbeat
     * stopped, for longer than its stall threshold. Usually a handler that hangs.
     */
    STALLED,
    /** Paused by an operator ({@link Worker#pause()}); it keeps its checkpoint and goes on when resumed. */
    PAUSED,
    /** Stopped by its owner, or replaced by a newer version. */
    STOPPED,
    /**
     * Stopped by an error that retrying cannot cure (an error policy said stop, an event failed after
     * its retries, a delivery failed for good); see {@link WorkerStatus#lastError()}.
     */
    FAILED,
    /**
     * Registered on this node under a lease that another node holds (or no node holds yet): it runs
     * there, not here. Controls sent to it here are carried out by the node that runs it
     * ({@link WorkerRegistry#act}).
     */
    STANDBY
}
