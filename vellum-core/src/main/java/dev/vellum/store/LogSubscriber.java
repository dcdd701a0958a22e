package dev.vellum.store;

/** Subscribes to the global log. */
public interface LogSubscriber {

    /**
     * Starts a subscription delivering, in position order and each once, the events after
     * {@code after} that {@code filter} keeps: first the history, then new appends as they commit.
     */
    Subscription subscribe(Position after, LogFilter filter, EventHandler handler);
}
