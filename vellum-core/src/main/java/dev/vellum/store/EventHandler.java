package dev.vellum.store;

/** Receives the events of a subscription, one at a time, in position order. */
@FunctionalInterface
public interface EventHandler {

    /**
     * Handles one event. An exception stops the subscription in state
     * {@link SubscriptionState#FAILED}; the event is not counted as delivered.
     */
    void handle(RecordedEvent event) throws Exception;
}
