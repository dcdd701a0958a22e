package dev.vellum.reactor;

import dev.vellum.store.Position;
import dev.vellum.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A started {@link Reactor}: what an operator sees (its outbox, its checkpoint) and does (approve,
 * cancel, pause, resume, stop). It is a {@link Worker} of kind {@code REACTOR} named
 * {@code reactor.<name>}; its status counts the pending effects and the due ones.
 */
public interface RunningReactor extends AutoCloseable, Worker {

    /** Its worker name, {@code reactor.<name>}. */
    @Override
    String name();

    /**
     * Why it stopped, when it failed, as the exception itself for code that needs its type and cause
     * (its status shows the last error as a {@link dev.vellum.worker.WorkerError}): a
     * {@link dev.vellum.retry.RetriesExhaustedException} whose cause is the last error when an event still
     * failed after its {@link Reactor#eventRetries()}, or an error that is never retried
     * ({@link dev.vellum.time.PermanentFailure}).
     */
    Optional<Throwable> failure();

    /** The position of the last event whose decision is stored. */
    Position checkpoint();

    /** Waits until its checkpoint reaches {@code target}; true when it did within {@code timeout}. */
    boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException;

    /** The effects not yet ended: waiting for their turn, their next attempt, or approval; earliest first. */
    List<PendingEffect> pendingEffects();

    /**
     * Lets an effect that waits for approval run.
     *
     * @throws EffectNotFoundException when no effect with this key waits for approval
     */
    @Override
    void approveEffect(String key);

    /**
     * Cancels an effect that has not run yet (waiting for approval or for its turn); it never runs.
     * An effect that is running is past cancelling: it is refused, and the outcome is recorded as usual.
     *
     * @throws EffectNotFoundException when no effect with this key is waiting (it is running, ran,
     *     failed, was cancelled, or is unknown; the message says which)
     */
    @Override
    void cancelEffect(String key);

    /**
     * Reads the log again from {@code from} (for example {@link Position#START}), deciding on each
     * event again: what a changed decider asks for now, or the events of before a reactor that
     * started at the head, gets decided and carried out. It never carries out an effect already
     * decided: effects are stored under keys derived from the reactor, the event and the effect's
     * index, so an effect that is pending stays as it is, one that ran, failed for good or was
     * cancelled never revives, and one whose outcome is recorded is skipped. The subscriber stops
     * after the event it is handling, its checkpoint moves back to {@code from}, and it starts again
     * from there (a paused reactor goes on too); the worker goes on meanwhile. {@link #reset()} is a
     * replay from {@link Position#START}.
     *
     * @throws InvalidReplayException when {@code from} is past the checkpoint (that would skip
     *     events, not read them again), or the reactor was closed
     */
    void replayFrom(Position from);

    /** How many effects its worker has carried out and recorded since it started. */
    long executedCount();

    /** Stops the subscriber and the worker; an effect being carried out is finished first. */
    @Override
    void close();
}
