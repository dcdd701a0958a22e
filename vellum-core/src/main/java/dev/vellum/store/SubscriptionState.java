package dev.vellum.store;

/** Where a subscription is in its life. */
public enum SubscriptionState {
    /** Reading history in pages. */
    CATCHING_UP,
    /** At the head of the log, woken by each new append. */
    LIVE,
    /** Stopped because its handler threw; see {@link Subscription#failure()}. */
    FAILED,
    /** Closed by its owner or by the store closing. */
    CLOSED
}
