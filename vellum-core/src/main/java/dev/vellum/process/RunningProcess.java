package dev.vellum.process;

import dev.vellum.decider.AggregateState;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.timer.StoredTimer;
import dev.vellum.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A started {@link ProcessManager}. It is a {@link Worker} of kind {@code PROCESS_MANAGER} named
 * {@code process.<name>}: paused, it neither follows the log nor fires timers; its status counts the
 * due timers, and the timers recorded as expired since it started.
 *
 * @param <S> the state of one process instance
 */
public interface RunningProcess<S> extends AutoCloseable, Worker {

    /** The state of instance {@code instanceId}, loaded from its stream: what a user is shown. */
    AggregateState<S> instance(String instanceId);

    /**
     * The stream that holds instance {@code instanceId}'s events, {@code <category>-<instanceId>}
     * ({@link ProcessManager#streamCategory()}): its history, each event with the input that caused
     * it in its metadata (the causation id, and the {@code $command} header: {@code event:<id>} of an
     * observed event, {@code result:<command id>} of a command's result, {@code timer:<id>} of a timer
     * that fired or expired).
     *
     * @throws dev.vellum.store.InvalidStreamIdException when the id makes no valid stream name
     */
    StreamId instanceStream(String instanceId);

    /**
     * Up to {@code limit} of its instances whose ids come after {@code afterId} (empty to start with
     * the first), in the order of their stream names (Unicode code point), as the store's catalog
     * lists them: every instance ever written, deleted ones too. Reads the catalog, never the events.
     *
     * @throws IllegalArgumentException when {@code limit} is not positive
     */
    List<ProcessInstance> instances(String afterId, int limit);

    /** How many instances it has ever written, as {@link #instances} would list across all its pages. */
    long countInstances();

    /**
     * Every timer instance {@code instanceId} has scheduled, in whatever state its timer store keeps
     * it now (pending, held, fired, failed, cancelled or expired), in the order its events first
     * scheduled them, each with the due time and payload the process scheduled it with. Found by deriving the
     * actions of the instance's recorded events again, as the engine does after a crash: a timer
     * whose name only a cancellation mentions, and that was never scheduled, is not listed. Empty for
     * an instance without events.
     */
    List<StoredTimer> timers(String instanceId);

    /**
     * Why it stopped, when it failed, as the exception itself for code that needs its type and cause
     * (its status shows the last error as a {@link dev.vellum.worker.WorkerError}): a
     * {@link dev.vellum.retry.RetriesExhaustedException} whose cause
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
     * Its timers that have not ended (fired, failed, expired or been cancelled), earliest first, each
     * with the due time, payload and deadline the process {@linkplain ProcessAction#schedule scheduled}
     * it with. A timer's id is derived from the process, the instance and the timer's name.
     */
    List<StoredTimer> pendingTimers();

    /** Stops following the log and firing timers. */
    @Override
    void close();
}
