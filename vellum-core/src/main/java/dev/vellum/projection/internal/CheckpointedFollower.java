package dev.vellum.projection.internal;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.store.EventHandler;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.Subscription;
import dev.vellum.store.SubscriptionState;
import dev.vellum.time.Retries;
import dev.vellum.time.Retrying;
import dev.vellum.time.internal.RetryingHandler;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a reactor or a process manager follows the log: a subscription from its saved checkpoint (on
 * its first start, from the head or the start of the log, saved at once so a restart does not move
 * it), whose handler retries a failing event in place ({@link RetryingHandler}). The handler saves
 * the checkpoint itself, in its own transaction. Reads of the log that fail for a while are retried
 * by the subscription, a handler's errors that waiting can cure by the handler: both show as
 * {@link SubscriptionState#RETRYING}.
 */
public final class CheckpointedFollower implements AutoCloseable {

    private final RetryingHandler handler;
    private final Subscription subscription;
    private final Supplier<Optional<Retrying>> alsoRetrying;

    private CheckpointedFollower(RetryingHandler handler, Subscription subscription,
            Supplier<Optional<Retrying>> alsoRetrying) {
        this.handler = handler;
        this.subscription = subscription;
        this.alsoRetrying = alsoRetrying;
    }

    /**
     * Subscribes {@code handler} to {@code store} from checkpoint {@code id} in {@code checkpoints}.
     *
     * @param runner names the runner in messages, e.g. {@code Reactor 'confirmation-email'}
     * @param fromBeginning where a follower without a checkpoint starts: the log's start, else its head
     * @param alsoRetrying what else of the runner may be retrying (its timer scheduler), for its state
     */
    public static <C extends ProjectionContext> CheckpointedFollower start(String runner, EventStore store,
            CheckpointStore<C> checkpoints, ProjectionId id, boolean fromBeginning, LogFilter filter,
            Retries retries, EventHandler handler, Supplier<Optional<Retrying>> alsoRetrying) {
        Position from = checkpoints.checkpoints(id).map(Checkpoints::low)
                .orElseGet(() -> initialise(checkpoints, id, fromBeginning ? Position.START : store.head()));
        RetryingHandler retrying = new RetryingHandler(runner, retries, handler, checkpoints::isTransient);
        return new CheckpointedFollower(retrying, store.subscribe(from, filter, retrying), alsoRetrying);
    }

    private static <C extends ProjectionContext> Position initialise(CheckpointStore<C> checkpoints, ProjectionId id,
            Position start) {
        try (CheckpointStore.Transaction<C> tx = checkpoints.begin(id)) {
            tx.resetCheckpoints(Checkpoints.at(1, start));
            tx.commit();
        }
        return start;
    }

    /**
     * The state of the subscription; {@code RETRYING} also while the handler retries an error that
     * waiting can cure, or while what else the runner has retries.
     */
    public SubscriptionState state() {
        SubscriptionState state = subscription.state();
        boolean running = state == SubscriptionState.CATCHING_UP || state == SubscriptionState.LIVE;
        return running && retrying().isPresent() ? SubscriptionState.RETRYING : state;
    }

    /** While it retries an error that waiting can cure: the last error and when it tries next. */
    public Optional<Retrying> retrying() {
        return handler.retrying().or(subscription::retrying).or(alsoRetrying);
    }

    /** Why the subscription stopped, when it failed. */
    public Optional<Throwable> failure() {
        return subscription.failure();
    }

    /** The position of the last event handled. */
    public Position position() {
        return subscription.position();
    }

    /** Waits until the last event handled is at or past {@code target}; false on timeout. */
    public boolean awaitPosition(Position target, Duration timeout) throws InterruptedException {
        return subscription.awaitPosition(target, timeout);
    }

    /** Ends a wait to retry, then closes the subscription. */
    @Override
    public void close() {
        handler.stop();
        subscription.close();
    }
}
