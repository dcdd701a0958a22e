package dev.vellum.projection;

/** Where a running projection is in its life; see {@link ProjectionStatus}. */
public enum ProjectionState {
    /** Reading history: the checkpoint is behind the head of the log. */
    CATCHING_UP,
    /** At the head of the log, woken by each new append. */
    LIVE,
    /**
     * A new version building its read model beside the version that serves queries; it takes over
     * once it has caught up.
     */
    REBUILDING,
    /**
     * Running, but waiting to try again after a failure that waiting can cure (the event store or the
     * read-model database unreachable, a connection lost); it goes on by itself once that ends, from
     * where it was. {@link ProjectionStatus#retrying()} says why and when it tries next.
     */
    RETRYING,
    /** Stopped by its owner, or replaced by a newer version. */
    STOPPED,
    /**
     * Stopped by an error that retrying cannot cure: the handler's error policy said stop, or the store
     * failed for good; see the last error.
     */
    FAILED,
    /**
     * Running but making no progress: work is waiting and nothing was applied, or the runner's
     * heartbeat stopped, for longer than the runner's stall threshold. Usually a handler that hangs.
     */
    STALLED
}
