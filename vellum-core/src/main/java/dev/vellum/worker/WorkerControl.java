package dev.vellum.worker;

/**
 * An operator's control over a {@link Worker}. Every kind has {@link #PAUSE} and {@link #RESUME};
 * the others apply to some kinds only, and {@link Worker#controls()} says which.
 */
public enum WorkerControl {
    /** Stops taking new work, keeping the checkpoint: {@link Worker#pause()}. */
    PAUSE(false),
    /** Goes on from the checkpoint after a pause, a stop or a failure: {@link Worker#resume()}. */
    RESUME(false),
    /** Applies a parked event again: {@link Worker#retryParked}; its target is the event's position. */
    RETRY_PARKED(true),
    /** Drops a parked event without applying it: {@link Worker#skipParked}; its target is the event's position. */
    SKIP_PARKED(true),
    /**
     * Replays the log from its start: {@link Worker#reset()}. A projection clears its read model first; a
     * reactor decides again and runs only the effects never decided.
     */
    RESET(false),
    /**
     * Builds the read model again beside the one serving queries, which keeps serving until the new one
     * has caught up and takes over: {@link Worker#rebuild()}. A projection's rebuild without downtime.
     */
    REBUILD(false),
    /**
     * Abandons a projection's rebuild in progress: {@link Worker#cancelRebuild()}. The generation being
     * built stops and its read model is dropped; the one serving queries goes on untouched.
     */
    CANCEL_REBUILD(false),
    /** Lets an effect that waits for approval run: {@link Worker#approveEffect}; its target is the effect's key. */
    APPROVE_EFFECT(true),
    /** Cancels an effect that has not run yet: {@link Worker#cancelEffect}; its target is the effect's key. */
    CANCEL_EFFECT(true);

    private final boolean targeted;

    WorkerControl(boolean targeted) {
        this.targeted = targeted;
    }

    /** True when the control acts on one thing of the worker (a parked event, an effect) named by a target. */
    public boolean targeted() {
        return targeted;
    }
}
