package dev.vellum.worker.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.integration.ExternalEvent;
import dev.vellum.integration.IntegrationPublisher;
import dev.vellum.integration.memory.InMemorySink;
import dev.vellum.process.CommandRouter;
import dev.vellum.process.ProcessInput;
import dev.vellum.process.ProcessManager;
import dev.vellum.process.RunningProcess;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.ParkedEventNotFoundException;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.reactor.Effect;
import dev.vellum.reactor.EffectOutcomes;
import dev.vellum.reactor.EffectRequest;
import dev.vellum.reactor.PendingEffect;
import dev.vellum.reactor.Reactor;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.retry.Retries;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerScheduler;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import dev.vellum.worker.ActionOutcome;
import dev.vellum.worker.ControlNotSupportedException;
import dev.vellum.worker.InvalidOperatorActionException;
import dev.vellum.worker.OperatorAction;
import dev.vellum.worker.RecordedAction;
import dev.vellum.worker.UnknownWorkerException;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One operational model on a store: every control of every worker kind, carried out through a
 * {@link WorkerRegistry} and recorded in the operator log; a control a kind does not have, an unknown
 * worker and a malformed action get a typed error and record nothing. A store's test supplies the
 * event store, the checkpoint store and an outbox in the same database.
 *
 * @param <C> the checkpoint store's transaction context
 * @param <O> the outbox and timer store
 */
public abstract class WorkerControlsSuite<C extends ProjectionContext, O extends TimerStore & TimerWriter<? super C>> {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a paused worker is watched doing nothing. */
    private static final long QUIET_MILLIS = 300;

    @TempDir
    Path directory;

    private EventStore store;
    private CheckpointStore<C> checkpoints;
    private WorkerRegistry registry;
    private ProjectionRunner runner;
    private final List<AutoCloseable> started = new CopyOnWriteArrayList<>();

    /** For subclasses. */
    protected WorkerControlsSuite() {
    }

    /** Opens a fresh, empty event store, in {@code directory} if it keeps files; the suite closes it. */
    protected abstract EventStore openStore(Path directory);

    /** Opens a fresh checkpoint store; {@link #closeCheckpoints} closes it. */
    protected abstract CheckpointStore<C> openCheckpoints(Path directory);

    /** An outbox and timer store in the same database as {@code checkpoints}. */
    protected abstract O outbox(CheckpointStore<C> checkpoints);

    /** Closes the checkpoint store; by default nothing to close. */
    protected void closeCheckpoints(CheckpointStore<C> store) throws Exception {
    }

    @BeforeEach
    void open() {
        store = openStore(directory);
        checkpoints = openCheckpoints(directory);
        registry = WorkerRegistry.open(store, "node-1");
        runner = ProjectionRunner.builder(store).registry(registry).build();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable worker : started) {
            worker.close();
        }
        runner.close();
        registry.close();
        closeCheckpoints(checkpoints);
        store.close();
    }

    private Position append(String stream, String type) {
        return store.append(StreamId.of(stream), ExpectedRevision.any(), EventData.of(type, "{}")).position();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    private ActionOutcome act(String worker, WorkerControl control, String target) {
        return registry.act(OperatorAction.of(worker, control, target, "ann", "ticket 42: " + control));
    }

    @Test
    void aProjectionIsPausedResumedItsParkedEventsRetriedAndSkippedAndItIsResetAllThroughTheRegistry() throws Exception {
        Map<Position, Integer> applied = new ConcurrentHashMap<>();
        boolean[] poisoned = {true};
        Projection<ProjectionContext> projection = Projection.builder("counted")
                .retries(Retries.none()).errorPolicy(ErrorPolicy.PARK)
                .handler((context, event) -> {
                    if (poisoned[0] && event.stream().category().equals("poison")) {
                        throw new IllegalStateException("poison at " + event.position());
                    }
                    applied.merge(event.position(), 1, Integer::sum);
                }).build();
        Position first = append("fine-1", "Seen");
        Position poison1 = append("poison-1", "Seen");
        Position poison2 = append("poison-2", "Seen");
        RunningProjection running = runner.start(projection, checkpoints);
        String name = running.name();
        assertThat(registry.find(name)).as("the runner registered it").containsSame(running);
        assertThat(running.awaitCheckpoint(poison2, WAIT)).isTrue();
        assertThat(running.status().parkedEvents()).isEqualTo(2);
        assertThat(running.status().lastError().position()).isEqualTo(poison2);

        assertThat(act(name, WorkerControl.PAUSE, null).result()).isEqualTo(ActionOutcome.Result.DONE);
        assertThat(registry.status(name).state()).isEqualTo(WorkerState.PAUSED);
        Position later = append("fine-2", "Seen");
        Thread.sleep(QUIET_MILLIS);
        assertThat(applied).as("nothing applied while paused").doesNotContainKey(later);
        assertThat(running.status().checkpoint()).isEqualTo(poison2);

        act(name, WorkerControl.RESUME, null);
        assertThat(running.awaitCheckpoint(later, WAIT)).isTrue();
        assertThat(applied).containsEntry(later, 1);

        poisoned[0] = false;
        act(name, WorkerControl.RETRY_PARKED, Long.toString(poison1.value()));
        assertThat(applied).containsEntry(poison1, 1);
        act(name, WorkerControl.SKIP_PARKED, Long.toString(poison2.value()));
        assertThat(applied).doesNotContainKey(poison2);
        assertThat(running.status().parkedEvents()).isZero();
        assertThatThrownBy(() -> act(name, WorkerControl.RETRY_PARKED, Long.toString(poison1.value())))
                .isInstanceOf(ParkedEventNotFoundException.class);

        int firstBefore = applied.get(first); // more than once on a store that retries a failed batch's events
        act(name, WorkerControl.RESET, null);
        assertThat(running.awaitCheckpoint(later, WAIT)).isTrue();
        await("the reset replayed the log", () -> applied.get(first) > firstBefore && applied.get(later) == 2);

        List<RecordedAction> log = registry.actions();
        assertThat(log).extracting(a -> a.action().control()).containsExactly(WorkerControl.PAUSE, WorkerControl.RESUME,
                WorkerControl.RETRY_PARKED, WorkerControl.SKIP_PARKED, WorkerControl.RETRY_PARKED, WorkerControl.RESET);
        assertThat(log).allSatisfy(a -> {
            assertThat(a.action().worker()).isEqualTo(name);
            assertThat(a.action().actor()).isEqualTo("ann");
            assertThat(a.action().reason()).isEqualTo("ticket 42: " + a.action().control());
            assertThat(a.outcome()).get().extracting(ActionOutcome::node).isEqualTo("node-1");
        });
        assertThat(log).extracting(a -> a.outcome().orElseThrow().result()).containsExactly(ActionOutcome.Result.DONE,
                ActionOutcome.Result.DONE, ActionOutcome.Result.DONE, ActionOutcome.Result.DONE, ActionOutcome.Result.FAILED,
                ActionOutcome.Result.DONE);
        assertThat(log.get(4).outcome().orElseThrow().errorType()).isEqualTo(ParkedEventNotFoundException.class.getName());
        assertThat(log.get(2).action().target()).isEqualTo(Long.toString(poison1.value()));
    }

    /** What records a mail's outcome. */
    record Mailed(String key) {
    }

    private Reactor<Mailed> mails(List<String> sent) {
        EffectOutcomes<Mailed> outcomes = new EffectOutcomes<>() {
            @Override
            public Mailed succeeded(Effect effect, String receipt) {
                return new Mailed(effect.key());
            }

            @Override
            public Mailed failed(Effect effect, String error) {
                return new Mailed(effect.key());
            }

            @Override
            public StreamId stream(Effect effect) {
                return StreamId.of("mailed-" + effect.sourceStream().value());
            }
        };
        return Reactor.builder("mails", EventTypes.builder().register("Mailed", Mailed.class).build(), outcomes)
                .handles("Ordered").startFromBeginning()
                .decide(event -> List.of(event.stream().category().equals("held")
                        ? EffectRequest.needingApproval(quoted(event.stream().value()))
                        : EffectRequest.of(quoted(event.stream().value()))))
                .execute(effect -> {
                    sent.add(effect.payload().replace("\"", ""));
                    return "sent";
                })
                .build();
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private String keyOf(RunningReactor reactor, String stream) {
        return reactor.pendingEffects().stream().map(PendingEffect::effect).filter(e -> e.payload().equals(quoted(stream)))
                .findFirst().orElseThrow().key();
    }

    @Test
    void aReactorIsPausedResumedItsEffectsApprovedAndCancelledAndItIsReplayedThroughTheRegistry() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        RunningReactor reactor = mails(sent).start(store, checkpoints, outbox(checkpoints));
        started.add(reactor);
        registry.register(reactor);
        String name = reactor.name();
        assertThat(name).isEqualTo("reactor.mails");
        assertThat(reactor.controls()).isEqualTo(WorkerKind.REACTOR.controls());

        act(name, WorkerControl.PAUSE, null);
        assertThat(registry.status(name).state()).isEqualTo(WorkerState.PAUSED);
        Position order = append("order-1", "Ordered");
        Thread.sleep(QUIET_MILLIS);
        assertThat(sent).as("nothing decided or sent while paused").isEmpty();
        assertThat(reactor.status().lagEvents()).isEqualTo(order.value() - reactor.checkpoint().value());

        act(name, WorkerControl.RESUME, null);
        assertThat(reactor.awaitCheckpoint(order, WAIT)).isTrue();
        await("the mail was sent", () -> sent.contains("order-1"));

        append("held-1", "Ordered");
        Position last = append("held-2", "Ordered");
        assertThat(reactor.awaitCheckpoint(last, WAIT)).isTrue();
        await("the held effects are counted", () -> reactor.status().pendingEffects() == 2);
        act(name, WorkerControl.APPROVE_EFFECT, keyOf(reactor, "held-1"));
        await("the approved mail was sent", () -> sent.contains("held-1"));
        act(name, WorkerControl.CANCEL_EFFECT, keyOf(reactor, "held-2"));
        await("nothing is pending", () -> reactor.pendingEffects().isEmpty() && reactor.status().pendingEffects() == 0);
        assertThat(sent).containsExactly("order-1", "held-1");

        Position head = append("order-2", "Ordered");
        await("the new order's mail was sent", () -> sent.contains("order-2"));
        act(name, WorkerControl.RESET, null);
        assertThat(reactor.awaitCheckpoint(head, WAIT)).as("it replayed the whole log").isTrue();
        Thread.sleep(QUIET_MILLIS);
        assertThat(sent).as("a replay runs no effect already decided").containsExactly("order-1", "held-1", "order-2");
        assertThat(reactor.pendingEffects()).as("the cancelled effect does not revive").isEmpty();
        assertThat(registry.actions()).extracting(a -> a.action().control()).containsExactly(WorkerControl.PAUSE,
                WorkerControl.RESUME, WorkerControl.APPROVE_EFFECT, WorkerControl.CANCEL_EFFECT, WorkerControl.RESET);
    }

    /** What starts a process instance. */
    record Pinged(String id) {
    }

    /** What a process instance records. */
    record Started(String id) {
    }

    @Test
    void aProcessManagerIsPausedAndResumedThroughTheRegistry() throws Exception {
        EventTypes types = EventTypes.builder().register("Pinged", Pinged.class).register("Started", Started.class).build();
        Decider<ProcessInput, String, Started> decider = Decider.of("new",
                (ProcessInput input, String state) -> state.equals("new") && input instanceof ProcessInput.Observed o
                        ? Decision.accept(new Started(o.recorded().stream().value())) : Decision.<Started>reject("done", state),
                (String state, Started event) -> "started");
        ProcessManager<String, Started> process = ProcessManager.<String, Started>builder("rounds", types, Started.class)
                .categories("ping").correlate((event, recorded) -> Optional.of(recorded.stream().value()))
                .decider(decider).actions(event -> List.of()).build();
        RunningProcess<String> running = process.start(store, checkpoints, outbox(checkpoints), CommandRouter.builder().build());
        started.add(running);
        registry.register(running);
        Position first = store.append(StreamId.of("ping-1"), ExpectedRevision.any(), types.serialize(new Pinged("1"))).position();
        assertThat(running.awaitCheckpoint(first, WAIT)).isTrue();

        act("process.rounds", WorkerControl.PAUSE, null);
        assertThat(running.status().state()).isEqualTo(WorkerState.PAUSED);
        Position paused = running.status().checkpoint();
        Position second = store.append(StreamId.of("ping-2"), ExpectedRevision.any(), types.serialize(new Pinged("2"))).position();
        Thread.sleep(QUIET_MILLIS);
        assertThat(running.status().checkpoint()).as("nothing handled while paused").isEqualTo(paused)
                .isLessThan(second);
        assertThat(running.instance("ping-2").state()).isEqualTo("new");

        act("process.rounds", WorkerControl.RESUME, null);
        assertThat(running.awaitCheckpoint(second, WAIT)).isTrue();
        await("the second instance started", () -> running.instance("ping-2").state().equals("started"));
        assertThat(running.status().state()).isIn(WorkerState.LIVE, WorkerState.CATCHING_UP);
    }

    @Test
    void anIntegrationPublisherIsPausedAndResumedThroughTheRegistry() throws Exception {
        InMemorySink sink = new InMemorySink();
        IntegrationPublisher publisher = IntegrationPublisher.builder("cars",
                events -> events.stream().map(e -> new ExternalEvent("car." + e.type(), e.stream().value(), "{}")).toList(), sink)
                .categories("car").start(store, checkpoints);
        started.add(publisher);
        registry.register(publisher);
        Position first = append("car-1", "Moved");
        assertThat(publisher.awaitCheckpoint(first, WAIT)).isTrue();

        act("integration.cars", WorkerControl.PAUSE, null);
        assertThat(publisher.status().state()).isEqualTo(WorkerState.PAUSED);
        Position second = append("car-2", "Moved");
        Thread.sleep(QUIET_MILLIS);
        assertThat(sink.delivered()).as("nothing delivered while paused").hasSize(1);

        act("integration.cars", WorkerControl.RESUME, null);
        assertThat(publisher.awaitCheckpoint(second, WAIT)).isTrue();
        assertThat(sink.delivered()).extracting(m -> m.event().key()).containsExactly("car-1", "car-2");
        assertThat(publisher.deliveredCount()).isEqualTo(2);
    }

    @Test
    void aTimerSchedulerIsPausedAndResumedThroughTheRegistry() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        TimerScheduler timers = TimerScheduler.builder(outbox(checkpoints), "nudges", timer -> fired.add(timer.id()))
                .maxIdle(Duration.ofMillis(50)).start();
        started.add(timers);
        registry.register(timers);
        act("timers.nudges", WorkerControl.PAUSE, null);
        assertThat(timers.status().state()).isEqualTo(WorkerState.PAUSED);
        timers.schedule(new Timer("nudge-1", "nudges", Instant.now().minusSeconds(1), "{}"));
        Thread.sleep(QUIET_MILLIS);
        assertThat(fired).as("nothing fired while paused").isEmpty();

        act("timers.nudges", WorkerControl.RESUME, null);
        await("the due timer fired", () -> fired.contains("nudge-1"));
        assertThat(timers.status().state()).isEqualTo(WorkerState.LIVE);
    }

    @Test
    void aControlAKindDoesNotHaveAnUnknownWorkerAndAMalformedActionGetTypedErrorsAndRecordNothing() throws Exception {
        RunningProjection projection = runner.start(Projection.builder("quiet").handler((c, e) -> { }).build(), checkpoints);
        TimerScheduler timers = TimerScheduler.builder(outbox(checkpoints), "quiet", timer -> { }).start();
        started.add(timers);
        registry.register(timers);

        assertThatThrownBy(() -> act(projection.name(), WorkerControl.APPROVE_EFFECT, "k"))
                .isInstanceOf(ControlNotSupportedException.class).hasMessageContaining("PROJECTION")
                .hasMessageContaining("APPROVE_EFFECT");
        assertThatThrownBy(() -> act("timers.quiet", WorkerControl.SKIP_PARKED, "1"))
                .isInstanceOf(ControlNotSupportedException.class);
        assertThatThrownBy(() -> timers.retryParked(Position.of(1))).isInstanceOf(ControlNotSupportedException.class);
        assertThatThrownBy(() -> act("projection.nope.v1", WorkerControl.PAUSE, null))
                .isInstanceOf(UnknownWorkerException.class).hasMessageContaining("node-1");
        assertThatThrownBy(() -> act(projection.name(), WorkerControl.RETRY_PARKED, null))
                .isInstanceOf(InvalidOperatorActionException.class).hasMessageContaining("position");
        assertThatThrownBy(() -> act(projection.name(), WorkerControl.SKIP_PARKED, "twelve"))
                .isInstanceOf(InvalidOperatorActionException.class);
        assertThatThrownBy(() -> registry.act(OperatorAction.of(projection.name(), WorkerControl.PAUSE, null, " ", null)))
                .isInstanceOf(InvalidOperatorActionException.class).hasMessageContaining("actor");

        assertThat(registry.actions()).as("nothing recorded").isEmpty();
        assertThat(projection.status().state()).isNotEqualTo(WorkerState.PAUSED);
        assertThat(projection.controls()).containsExactlyInAnyOrder(WorkerControl.PAUSE, WorkerControl.RESUME,
                WorkerControl.RETRY_PARKED, WorkerControl.SKIP_PARKED, WorkerControl.RESET, WorkerControl.REBUILD,
                WorkerControl.CANCEL_REBUILD);
        assertThat(timers.controls()).containsExactlyInAnyOrder(WorkerControl.PAUSE, WorkerControl.RESUME);
        assertThat(registry.statuses()).extracting(s -> s.name() + "@" + s.node() + ":" + s.kind())
                .containsExactly(projection.name() + "@node-1:PROJECTION", "timers.quiet@node-1:TIMER_SCHEDULER");
    }
}
