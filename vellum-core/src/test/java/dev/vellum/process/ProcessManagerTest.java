package dev.vellum.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.InvalidNameException;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.memory.InMemoryTimerStore;
import dev.vellum.worker.WorkerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A small process on the in-memory store: a ping asks for a pong, then a timer closes the round. */
class ProcessManagerTest {

    record Ping(String round) {
    }

    record Pong(String round) {
    }

    sealed interface RoundEvent {
        record Started(String round) implements RoundEvent {
        }

        record Answered(String round) implements RoundEvent {
        }

        record Closed(String round) implements RoundEvent {
        }
    }

    record Answer(String round) {
    }

    static final EventTypes TYPES = EventTypes.builder()
            .register("Ping", Ping.class).register("Pong", Pong.class)
            .register("Started", RoundEvent.Started.class).register("Answered", RoundEvent.Answered.class)
            .register("Closed", RoundEvent.Closed.class)
            .build();

    static final Decider<ProcessInput, String, RoundEvent> ROUND = Decider.of("new", (ProcessInput input, String state) ->
            switch (input) {
                case ProcessInput.Observed(Ping p, var recorded) when state.equals("new") -> Decision.accept(new RoundEvent.Started(p.round()));
                case ProcessInput.CommandAccepted a when state.equals("started") ->
                        Decision.accept(new RoundEvent.Answered(((Answer) a.command()).round()));
                case ProcessInput.TimerFired t when state.equals("answered") -> Decision.accept(new RoundEvent.Closed(t.payload()));
                default -> Decision.<RoundEvent>reject("not-applicable", "state " + state);
            }, (String state, RoundEvent event) -> switch (event) {
                case RoundEvent.Started s -> "started";
                case RoundEvent.Answered a -> "answered";
                case RoundEvent.Closed c -> "closed";
            });

    static final Decider<Answer, String, Pong> PONGS = Decider.of("", (Answer a, String s) -> Decision.accept(new Pong(a.round())),
            (String s, Pong p) -> s + p.round());

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryEventStore store = new InMemoryEventStore();

    @AfterEach
    void close() {
        store.close();
    }

    private ProcessManager<String, RoundEvent> rounds() {
        return ProcessManager.<String, RoundEvent>builder("rounds", TYPES, RoundEvent.class)
                .categories("ping")
                .correlate((event, recorded) -> event instanceof Ping p ? Optional.of(p.round()) : Optional.empty())
                .decider(ROUND)
                .actions(event -> switch (event) {
                    case RoundEvent.Started s -> List.of(ProcessAction.send(StreamId.of("pong", "all"), new Answer(s.round())));
                    case RoundEvent.Answered a -> List.of(ProcessAction.schedule("close", clock.instant().plusSeconds(60), a.round()));
                    case RoundEvent.Closed c -> List.of();
                })
                .clock(clock)
                .build();
    }

    @Test
    void aRoundGoesThroughACommandAndATimerEvenWithAnInstanceIdLongerThanACommandId() throws Exception {
        String round = "r".repeat(190);
        CommandRouter router = CommandRouter.builder()
                .route(Answer.class, CommandHandler.builder(store, TYPES, Pong.class, PONGS).build()).build();
        try (RunningProcess<String> process = rounds().start(store, new InMemoryCheckpointStore(), new InMemoryTimerStore(), router)) {
            store.append(StreamId.of("ping", 1), ExpectedRevision.any(), TYPES.serialize(new Ping(round)));
            await("the round was answered", () -> process.instance(round).state().equals("answered"));
            // the timer is scheduled just after the event that asks for it is recorded
            await("the close timer was scheduled", () -> process.pendingTimers().size() == 1);
            assertThat(process.pendingTimers().getFirst().timer().payload()).as("what the process scheduled").isEqualTo(round);
            assertThat(process.pendingTimers().getFirst().timer().due()).isEqualTo(clock.instant().plusSeconds(60));
            clock.advance(Duration.ofMinutes(1));
            await("the round closed", () -> process.instance(round).state().equals("closed"));
            assertThat(store.readStream(StreamId.of("pong-all"))).hasSize(1);
            // a fired timer is marked done just after the event it caused is recorded
            await("the close timer was done", () -> process.pendingTimers().isEmpty());
        }
    }

    /**
     * A restart past a timer's due time: the timer is due the moment the process starts, and must
     * fire into its instance at once, although the clock never moves again (a firing that failed
     * would wait for a backoff measured on that frozen clock). Restarted a number of times, because
     * the firing raced the process's start.
     */
    @Test
    void aTimerAlreadyDueAtStartFiresWithoutTheClockMoving() throws Exception {
        for (int restart = 0; restart < 25; restart++) {
            InMemoryTimerStore timers = new InMemoryTimerStore();
            InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
            CommandRouter router = CommandRouter.builder()
                    .route(Answer.class, CommandHandler.builder(store, TYPES, Pong.class, PONGS).build()).build();
            String round = "due" + restart;
            try (RunningProcess<String> process = rounds().start(store, checkpoints, timers, router)) {
                store.append(StreamId.of("ping", round), ExpectedRevision.any(), TYPES.serialize(new Ping(round)));
                await("the close timer was scheduled", () -> process.pendingTimers().size() == 1);
            }
            clock.advance(Duration.ofMinutes(2));
            try (RunningProcess<String> process = rounds().start(store, checkpoints, timers, router)) {
                await("the overdue timer closed round " + round, () -> process.instance(round).state().equals("closed"));
                // the timer is marked fired just after its handler returned, so after the state closed
                await("the overdue timer marked fired", () -> timers.pending("process.rounds").isEmpty());
            }
        }
    }

    @Test
    void aCommandWithoutARouteStopsTheProcessWithAClearError() throws Exception {
        try (RunningProcess<String> process = rounds().start(store, new InMemoryCheckpointStore(), new InMemoryTimerStore(),
                CommandRouter.builder().build())) {
            store.append(StreamId.of("ping", 1), ExpectedRevision.any(), TYPES.serialize(new Ping("r1")));
            await("the process failed", () -> process.status().state() == WorkerState.FAILED);
            assertThat(process.failure()).get().isInstanceOf(UnroutableCommandException.class)
                    .asString().contains("Add .route(Answer.class, handler)");
        }
    }

    @Test
    void definitionsAreChecked() {
        assertThatThrownBy(() -> ProcessManager.builder("has space", TYPES, RoundEvent.class))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("'has space'")
                .hasMessageContaining("one rule for the names of projections, reactors, process managers");
        assertThatThrownBy(() -> ProcessManager.<String, RoundEvent>builder("rounds", TYPES, RoundEvent.class).build())
                .hasMessageContaining("decider(...), correlate(...) and actions(...)");
        assertThatThrownBy(() -> CommandRouter.builder().route(Answer.class, CommandHandler.builder(store, TYPES, Pong.class, PONGS)
                .build()).route(Answer.class, CommandHandler.builder(store, TYPES, Pong.class, PONGS).build()))
                .hasMessageContaining("routed twice");
    }

    /**
     * One rule for worker names: a process manager may have a {@code -} in its name like a reactor,
     * and its instances' streams still have a category of their own (a {@code -} ends a category).
     */
    @Test
    void aNameWithADashWorksAndItsStreamsKeepACategoryOfTheirOwn() throws Exception {
        ProcessManager<String, RoundEvent> dashed = ProcessManager.<String, RoundEvent>builder("ping-rounds", TYPES, RoundEvent.class)
                .categories("ping")
                .correlate((event, recorded) -> event instanceof Ping p ? Optional.of(p.round()) : Optional.empty())
                .decider(ROUND)
                .actions(event -> List.of())
                .build();
        assertThat(dashed.streamCategory()).isEqualTo("ping:rounds");
        assertThat(rounds().streamCategory()).isEqualTo("rounds");
        try (RunningProcess<String> process = dashed.start(store, new InMemoryCheckpointStore(), new InMemoryTimerStore(),
                CommandRouter.builder().build())) {
            store.append(StreamId.of("ping", 1), ExpectedRevision.any(), TYPES.serialize(new Ping("r1")));
            await("the round started", () -> process.instance("r1").state().equals("started"));
        }
        assertThat(store.readStream(StreamId.of("ping:rounds-r1"))).hasSize(1);
        assertThat(StreamId.of("ping:rounds-r1").category()).isEqualTo("ping:rounds").isNotEqualTo("ping");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }
}
