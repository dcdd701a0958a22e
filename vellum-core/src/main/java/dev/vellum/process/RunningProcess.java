package dev.vellum.process;

import dev.vellum.decider.AggregateState;
import dev.vellum.store.Position;
import dev.vellum.store.SubscriptionState;
import dev.vellum.timer.StoredTimer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A started {@link ProcessManager}.
 *
 * @param <S> the state of one process instance
 */
public interface RunningProcess<S> extends AutoCloseable {

    /** The state of instance {@code instanceId}, loaded from its stream: what a user is shown. */
    AggregateState<S> instance(String instanceId);

    /** The state of its subscription to the log. */
    SubscriptionState state();

    /** Why it stopped, when it failed. */
    Optional<Throwable> failure();

    /** The position of the last event it handled. */
    Position checkpoint();

    /** Waits until its checkpoint reaches {@code target}; true when it did within {@code timeout}. */
    boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException;

    /** Its timers that have not fired or been cancelled, earliest first. */
    List<StoredTimer> pendingTimers();

    /** Stops following the log and firing timers. */
    @Override
    void close();
}
