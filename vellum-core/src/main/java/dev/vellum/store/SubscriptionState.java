package dev.vellum.store;

/** Where a subscription is in its life. */
public enum SubscriptionState {
    /** Reading history in pages. */
    CATCHING_UP,
    /** At the head of the log, woken by each new append. */
    LIVE,
    /**
     * Waiting to try again after a failure that waiting can cure ({@link dev.vellum.time.TransientFailure}:
     * the store unreachable, a connection lost), at the same position, so no event is skipped or handed
     * over twice; see {@link Subscription#retrying()}. It goes on retrying until it works or is closed.
     */
    RETRYING,
    /** Stopped because its handler threw an error that retrying cannot cure; see {@link Subscription#failure()}. */
    FAILED,
    /** Closed by its owner or by the store closing. */
    CLOSED
}
