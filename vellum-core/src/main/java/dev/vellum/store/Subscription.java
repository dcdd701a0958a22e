package dev.vellum.store;

import dev.vellum.time.Retrying;
import java.time.Duration;
import java.util.Optional;

/**
 * A running subscription to the global log: it catches up from its starting checkpoint, then
 * follows live appends, pulling one page at a time so a slow handler slows reading instead of
 * filling memory. Close it to stop; closing waits for the event being handled.
 */
public interface Subscription extends AutoCloseable {

    /** Its state now. */
    SubscriptionState state();

    /** The position of the last event handled (or passed over by the filter), its checkpoint. */
    Position position();

    /** Why it failed, when it did. */
    Optional<Throwable> failure();

    /**
     * While it is {@link SubscriptionState#RETRYING}: the last error, how many attempts failed and
     * when it tries next; empty otherwise.
     */
    default Optional<Retrying> retrying() {
        return Optional.empty();
    }

    /**
     * Waits until the checkpoint reaches {@code target} or the subscription stops.
     *
     * @return true when {@code target} was reached within {@code timeout}
     */
    boolean awaitPosition(Position target, Duration timeout) throws InterruptedException;

    /** Stops it; returns once the handler is no longer running. */
    @Override
    void close();
}
