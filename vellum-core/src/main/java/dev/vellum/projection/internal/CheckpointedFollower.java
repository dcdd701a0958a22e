package dev.vellum.projection.internal;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.retry.Retries;
import dev.vellum.retry.internal.RetryingHandler;
import dev.vellum.store.EventHandler;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.Subscription;
import dev.vellum.store.SubscriptionState;
import dev.vellum.time.Retrying;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a reactor, a process manager and an integration publisher follow the log: a store
 * subscription from the worker's saved checkpoint (on its first start, from the head or the start
 * of the log, saved at once so a restart does not move it), whose handler retries a failing event in
 * place as the {@link Retries} say ({@link RetryingHandler}) and saves the checkpoint itself, in its
 * own transaction. Pausing closes the subscription, resuming (or starting again after a failure)
 * subscribes again from the saved checkpoint; the subscription wakes on each append, as every store
 * subscription does. Its {@link FollowerView} keeps the status, so {@link #status} never waits for
 * the handler. Reads of the log that fail for a while are retried by the subscription, a handler's
 * errors that waiting can cure by the handler, and a handler may retry something of its own (a
 * publisher's delivery, {@link Handler#retrying}): all show as {@link SubscriptionState#RETRYING}.
 *
 * @param <C> the checkpoint store's transaction context
 */
public final class CheckpointedFollower<C extends ProjectionContext> implements AutoCloseable {

    /** What a follower hands each event to; a functional interface, so a method reference serves. */
    @FunctionalInterface
    public interface Handler extends EventHandler {
        /** Ends a wait of its own inside {@link #handle} now, and any later one at once; nothing unless it waits. */
        default void stop() {
        }

        /** While it retries something inside {@link #handle} (a delivery): what its status shows; empty unless it does. */
        default Optional<Retrying> retrying() {
            return Optional.empty();
        }
    }

    /**
     * What a follower follows and how.
     *
     * @param runner names the worker in messages, e.g. {@code Reactor 'confirmation-email'}
     * @param kind its kind of worker
     * @param id where its checkpoint is kept; its worker name is the id's name
     * @param fromBeginning where a follower without a checkpoint starts: the log's start, else its head
     * @param filter which events of the log it reads
     * @param retries how a failing event is handled again in place before the follower fails
     */
    public record Settings(String runner, WorkerKind kind, ProjectionId id, boolean fromBeginning, LogFilter filter,
            Retries retries) {
    }

    /** One subscription, from a start or resume to a pause, failure or close. */
    private record Run(Handler handler, RetryingHandler retrying, Subscription subscription) {
        void close() {
            handler.stop();
            retrying.stop();
            subscription.close();
        }
    }

    private final Settings settings;
    private final EventStore store;
    private final CheckpointStore<C> checkpoints;
    private final Function<FollowerView, Handler> handlers;
    private final Supplier<Optional<Retrying>> alsoRetrying;
    private final FollowerView view;
    private volatile Run run;
    private volatile boolean paused;

    private CheckpointedFollower(Settings settings, EventStore store, CheckpointStore<C> checkpoints,
            Function<FollowerView, Handler> handlers, Supplier<Optional<Retrying>> alsoRetrying) {
        this.settings = settings;
        this.store = store;
        this.checkpoints = checkpoints;
        this.handlers = handlers;
        this.alsoRetrying = alsoRetrying;
        this.view = new FollowerView(settings.id().name(), settings.kind(), store, settings.filter(), this::checkpoint);
        this.run = follow();
    }

    /**
     * Subscribes to {@code store} from the checkpoint {@code settings.id()} in {@code checkpoints}.
     *
     * @param handlers makes the handler of each subscription, given the view that keeps the status (for
     *     errors met outside a handler's throw, such as a delivery retried inside it)
     * @param alsoRetrying what else of the worker may be retrying (its timer scheduler), for its state
     */
    public static <C extends ProjectionContext> CheckpointedFollower<C> start(Settings settings, EventStore store,
            CheckpointStore<C> checkpoints, Function<FollowerView, Handler> handlers,
            Supplier<Optional<Retrying>> alsoRetrying) {
        return new CheckpointedFollower<>(settings, store, checkpoints, handlers, alsoRetrying);
    }

    private Run follow() {
        Position from = checkpoints.checkpoints(settings.id()).map(Checkpoints::low)
                .orElseGet(() -> reset(settings.fromBeginning() ? Position.START : store.head()));
        Handler handler = handlers.apply(view);
        RetryingHandler retrying = new RetryingHandler(settings.runner(), settings.retries(), view.around(handler),
                checkpoints::isTransient);
        return new Run(handler, retrying, store.subscribe(from, settings.filter(), retrying));
    }

    private Position reset(Position to) {
        try (CheckpointStore.Transaction<C> tx = checkpoints.begin(settings.id())) {
            tx.resetCheckpoints(Checkpoints.at(1, to));
            tx.commit();
        }
        return to;
    }

    /**
     * Its status, with what only its worker knows: {@code pendingEffects} and {@code dueTimers}.
     * {@code RETRYING} also while the handler retries an error that waiting can cure, or while what else
     * the worker has retries; {@code PAUSED} while paused.
     */
    public WorkerStatus status(long pendingEffects, long dueTimers) {
        Run current = run;
        return view.status(state(current), current.subscription().failure(), paused, current.subscription().position(),
                retrying(current).orElse(null), pendingEffects, dueTimers);
    }

    private SubscriptionState state(Run current) {
        SubscriptionState state = current.subscription().state();
        boolean running = state == SubscriptionState.CATCHING_UP || state == SubscriptionState.LIVE;
        return running && retrying(current).isPresent() ? SubscriptionState.RETRYING : state;
    }

    private Optional<Retrying> retrying(Run current) {
        return current.retrying().retrying().or(current.handler()::retrying).or(current.subscription()::retrying)
                .or(alsoRetrying);
    }

    private boolean running() {
        SubscriptionState state = run.subscription().state();
        return state != SubscriptionState.FAILED && state != SubscriptionState.CLOSED;
    }

    /**
     * Closes the subscription, keeping the checkpoint, unless it is paused or not running already.
     *
     * @return true when it paused now, so the worker pauses the rest of it (its timers)
     */
    public synchronized boolean pause() {
        if (paused || !running()) {
            return false;
        }
        paused = true;
        run.close();
        return true;
    }

    /** Subscribes again from the saved checkpoint when paused, failed or closed; no longer paused. */
    public synchronized void resume() {
        if (!running()) {
            run = follow();
        }
        paused = false;
    }

    /**
     * Closes the subscription, moves the checkpoint to {@code from} and subscribes again from it (from
     * the checkpoint as it was when moving it failed). Its status shows {@code PAUSED} meanwhile, never
     * {@code STOPPED}, which would give a lease up.
     */
    public synchronized void restartFrom(Position from) {
        paused = true;
        run.close();
        try {
            reset(from);
        } finally {
            run = follow();
            paused = false;
        }
    }

    /** Why the subscription stopped, when it failed. */
    public Optional<Throwable> failure() {
        return run.subscription().failure();
    }

    /** The position of the last event handled. */
    public Position checkpoint() {
        return run.subscription().position();
    }

    /** Waits until the last event handled is at or past {@code target}; false on timeout. */
    public boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException {
        return run.subscription().awaitPosition(target, timeout);
    }

    /** Ends a wait to retry, then closes the subscription; no longer paused. */
    @Override
    public synchronized void close() {
        paused = false;
        run.close();
    }
}
