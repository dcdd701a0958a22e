package dev.vellum.process;

import dev.vellum.decider.AggregateState;
import dev.vellum.store.Position;
import dev.vellum.timer.StoredTimer;
import dev.vellum.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A started {@link ProcessManager}. It is a {@link Worker} of kind {@code PROCESS_MANAGER} named
 * {@code process.<name>}: paused, it neither follows the log nor fires timers; its status counts the
 * due timers.
 *
 * @param <S> the state of one process instance
 */
public interface RunningProcess<S> extends AutoCloseable, Worker {

    /** The state of instance {@code instanceId}, loaded from its stream: what a user is shown. */
    AggregateState<S> instance(String instanceId);

    /**
     * Why it stopped, when it failed, as the exception itself for code that needs its type and cause
     * (its status shows the last error as a {@link dev.vellum.worker.WorkerError}): a
     * {@link dev.vellum.time.RetriesExhaustedException} whose cause
     * is the last error when an event still failed after its {@link ProcessManager#eventRetries()}, or
     * an error that is never retried ({@link dev.vellum.time.PermanentFailure}, such as
     * {@link UnroutableCommandException}).
     */
    Optional<Throwable> failure();

    /** The position of the last event it handled. */
    Position checkpoint();

    /** Waits until its checkpoint reaches {@code target}; true when it did within {@code timeout}. */
    boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException;

    /**
     * Its timers that have not fired or been cancelled, earliest first, each with the due time and
     * payload the process {@linkplain ProcessAction#schedule scheduled} it with. A timer's id is
     * derived from the process, the instance and the timer's name.
     */
    List<StoredTimer> pendingTimers();

    /** Stops following the log and firing timers. */
    @Override
    void close();
}
