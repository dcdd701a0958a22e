package dev.vellum.reactor;

import dev.vellum.store.Position;
import dev.vellum.store.SubscriptionState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A started {@link Reactor}: what an operator sees (its outbox, its checkpoint) and does (approve, cancel, stop). */
public interface RunningReactor extends AutoCloseable {

    /** The reactor's name. */
    String name();

    /** The state of its subscription to the log. */
    SubscriptionState state();

    /** Why it stopped, when it failed (its decider threw, or the outbox could not be written). */
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
    void approve(String key);

    /**
     * Cancels an effect that has not run yet (waiting for approval or for its turn); it never runs.
     *
     * @throws EffectNotFoundException when no effect with this key is waiting
     */
    void cancel(String key);

    /** How many effects its worker has carried out and recorded since it started. */
    long executedCount();

    /** Stops the subscriber and the worker; an effect being carried out is finished first. */
    @Override
    void close();
}
