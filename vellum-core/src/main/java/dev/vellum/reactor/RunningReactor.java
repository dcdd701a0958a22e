package dev.vellum.reactor;

import dev.vellum.store.Position;
import dev.vellum.store.SubscriptionState;
import dev.vellum.time.Retrying;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A started {@link Reactor}: what an operator sees (its outbox, its checkpoint) and does (approve, cancel, stop). */
public interface RunningReactor extends AutoCloseable {

    /** The reactor's name. */
    String name();

    /**
     * The state of its subscription to the log. While an event is being retried it stays
     * {@code CATCHING_UP} or {@code LIVE}, and {@link #lastError()} says why; while a failure that
     * waiting can cure lasts (the database unreachable, a connection lost), in its subscription or in
     * its effect worker, it is {@code RETRYING}, for as long as it lasts, and {@link #retrying()} says
     * why and when it tries next.
     */
    SubscriptionState state();

    /** While it is {@code RETRYING}: the last error, how many attempts failed, when it tries next. */
    Optional<Retrying> retrying();

    /**
     * Why it stopped, when it failed: a {@link dev.vellum.time.RetriesExhaustedException} whose cause
     * is the last error when an event still failed after its {@link Reactor#eventRetries()}, or an
     * error that is never retried ({@link dev.vellum.time.PermanentFailure}).
     */
    Optional<Throwable> failure();

    /**
     * The error its last attempt at an event failed with, while that event is being retried or after
     * the reactor failed on it; empty while events are handled at the first attempt.
     */
    Optional<Throwable> lastError();

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
    void approve(String key);

    /**
     * Cancels an effect that has not run yet (waiting for approval or for its turn); it never runs.
     *
     * @throws EffectNotFoundException when no effect with this key is waiting
     */
    void cancel(String key);

    /**
     * Reads the log again from {@code from} (for example {@link Position#START}), deciding on each
     * event again: what a changed decider asks for now, or the events of before a reactor that
     * started at the head, gets decided and carried out. It never carries out an effect already
     * decided: effects are stored under keys derived from the reactor, the event and the effect's
     * index, so an effect that is pending stays as it is, one that ran, failed for good or was
     * cancelled never revives, and one whose outcome is recorded is skipped. The subscriber stops
     * after the event it is handling, its checkpoint moves back to {@code from}, and it starts again
     * from there; the worker goes on meanwhile.
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
