package dev.vellum.reactor;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionProgress;
import dev.vellum.projection.internal.CheckpointedFollower;
import dev.vellum.retry.internal.RetryingHandler;
import dev.vellum.store.EventStore;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.TimerGate;
import dev.vellum.timer.TimerScheduler;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A running reactor: a {@link CheckpointedFollower} from the reactor's checkpoint that stores each
 * event's decisions in the outbox within the checkpoint's transaction, retrying an event that fails
 * ({@link RetryingHandler}), and a timer scheduler over the outbox whose handler is the
 * {@link EffectWorker}. Paused, both stop (the subscription is closed, the scheduler fires nothing)
 * and resuming starts the subscription again from the saved checkpoint.
 *
 * @param <C> the checkpoint store's transaction context
 */
final class ReactorHost<C extends ProjectionContext> implements RunningReactor {

    private final ReactorSettings<?> reactor;
    private final CheckpointStore<C> checkpoints;
    private final TimerStore outbox;
    private final TimerWriter<? super C> writer;
    private final ProjectionId id;
    private final EffectWorker<?> worker;
    private final TimerScheduler scheduler;
    private final CheckpointedFollower<C> follower;
    private boolean closed;

    private ReactorHost(ReactorSettings<?> reactor, EventStore store, CheckpointStore<C> checkpoints, TimerStore outbox,
            TimerWriter<? super C> writer) {
        this.reactor = reactor;
        this.checkpoints = checkpoints;
        this.outbox = outbox;
        this.writer = writer;
        this.id = reactor.checkpointId();
        this.worker = new EffectWorker<>(reactor, store);
        this.scheduler = TimerScheduler.builder(outbox, reactor.outboxProcess(), worker).clock(reactor.clock())
                .backoff(reactor.effectRetries().backoff()).giveUpAfter(reactor.effectRetries().attempts(), worker)
                .gate(gate(reactor, checkpoints))
                .start();
        this.follower = CheckpointedFollower.start(new CheckpointedFollower.Settings("Reactor '" + reactor.name() + "'",
                WorkerKind.REACTOR, id, reactor.startsFromBeginning(), reactor.filter(), reactor.eventRetries()), store,
                checkpoints, view -> this::decide, () -> Optional.ofNullable(scheduler.status().retrying()));
    }

    /** Holds effects back for the projections the reactor runs after, read from its own checkpoint store unless told. */
    private static TimerGate gate(ReactorSettings<?> reactor, CheckpointStore<?> checkpoints) {
        return reactor.after().isEmpty() ? TimerGate.NONE
                : new EffectGate(reactor, reactor.projectionProgress().orElseGet(() -> ProjectionProgress.of(checkpoints)));
    }

    /** Starts the worker, then the subscriber. */
    public static <C extends ProjectionContext> RunningReactor start(ReactorSettings<?> reactor, EventStore store,
            CheckpointStore<C> checkpoints, TimerStore outbox, TimerWriter<? super C> writer) {
        return new ReactorHost<>(reactor, store, checkpoints, outbox, writer);
    }

    /**
     * Stores the decisions on {@code event} in the outbox with the checkpoint, in one transaction; all
     * or nothing, so the {@link RetryingHandler} may run it again after it failed.
     */
    private void decide(RecordedEvent event) throws Exception {
        List<EffectRequest> requests = reactor.decider().decide(event);
        Instant now = reactor.clock().instant();
        try (CheckpointStore.Transaction<C> tx = checkpoints.begin(id)) {
            C context = tx.context();
            for (int i = 0; i < requests.size(); i++) {
                EffectRequest request = requests.get(i);
                Effect effect = new Effect(EffectCodec.key(reactor.name(), event, i), reactor.name(), request.payload(),
                        event.stream(), event.id(), event.position(), event.metadata().correlationId());
                var timer = EffectCodec.timer(reactor.outboxProcess(), effect, now);
                if (request.needsApproval()) {
                    writer.hold(context, timer);
                } else {
                    writer.schedule(context, timer);
                }
            }
            tx.saveCheckpoint(0, event.position());
            tx.commit();
        }
        if (!requests.isEmpty()) {
            scheduler.poke();
        }
    }

    @Override
    public String name() {
        return id.name();
    }

    @Override
    public WorkerKind kind() {
        return WorkerKind.REACTOR;
    }

    @Override
    public WorkerStatus status() {
        WorkerStatus effects = scheduler.status();
        return follower.status(scheduler.openCount(), effects.dueTimers()).waitingOn(effects.waiting());
    }

    @Override
    public Set<WorkerControl> controls() {
        return WorkerKind.REACTOR.controls();
    }

    @Override
    public synchronized void pause() {
        if (follower.pause()) {
            scheduler.pause();
        }
    }

    @Override
    public synchronized void resume() {
        follower.resume();
        scheduler.resume();
    }

    @Override
    public Optional<Throwable> failure() {
        return follower.failure();
    }

    @Override
    public Position checkpoint() {
        return follower.checkpoint();
    }

    @Override
    public boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException {
        return follower.awaitCheckpoint(target, timeout);
    }

    @Override
    public List<PendingEffect> pendingEffects() {
        return outbox.pending(reactor.outboxProcess()).stream().map(ReactorHost::pending).toList();
    }

    private static PendingEffect pending(StoredTimer t) {
        return new PendingEffect(EffectCodec.effect(t.timer()), t.state(), t.attempts(), t.nextAttempt(), t.lastError());
    }

    @Override
    public void approveEffect(String key) {
        if (!scheduler.release(key)) {
            throw notWaiting(key, "approval");
        }
    }

    @Override
    public void cancelEffect(String key) {
        if (!scheduler.cancel(key)) {
            throw notWaiting(key, "cancellation");
        }
    }

    private EffectNotFoundException notWaiting(String key, String what) {
        if (scheduler.isFiring(key)) {
            return new EffectNotFoundException("No effect '" + key + "' of reactor '" + reactor.name() + "' is open to "
                    + what + ": it is running now, and its outcome will be recorded. List the open ones with"
                    + " pendingEffects().");
        }
        Optional<StoredTimer> stored = outbox.find(key).filter(t -> t.timer().process().equals(reactor.outboxProcess()));
        String state = stored.map(t -> switch (t.state()) {
            case PENDING -> "it does not wait for approval: it runs without one";
            case HELD -> "it waits for approval";
            case FIRED -> "it already ran";
            case FAILED -> "it already failed for good";
            case CANCELLED -> "it was cancelled";
            case EXPIRED -> "it expired: it came due after its deadline and did not run";
        }).orElse("the reactor has no effect with this key");
        return new EffectNotFoundException("No effect '" + key + "' of reactor '" + reactor.name() + "' is open to "
                + what + ": " + state + ". List the open ones with pendingEffects().");
    }

    @Override
    public synchronized void replayFrom(Position from) {
        if (closed) {
            throw new InvalidReplayException("Reactor '" + reactor.name() + "' is closed: start it again, then replay.");
        }
        Position checkpoint = follower.checkpoint();
        if (from.isAfter(checkpoint)) {
            throw new InvalidReplayException("Reactor '" + reactor.name() + "' cannot replay from " + from
                    + ": its checkpoint is " + checkpoint + ", and moving it forward would skip events, not read them"
                    + " again. Replay from " + checkpoint + " or earlier (Position.START for the whole log).");
        }
        try {
            follower.restartFrom(from);
        } finally {
            scheduler.resume();
        }
    }

    /** Replays the whole log ({@link #replayFrom} the start): only effects never decided run. */
    @Override
    public void reset() {
        replayFrom(Position.START);
    }

    @Override
    public long executedCount() {
        return worker.executed();
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            follower.close();
        } finally {
            scheduler.close();
        }
    }
}
