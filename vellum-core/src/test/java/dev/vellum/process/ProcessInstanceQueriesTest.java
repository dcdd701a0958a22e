package dev.vellum.process;

import static dev.vellum.process.ProcessManagerTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.memory.InMemoryTimerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator asks of a process manager's instances: which there are, page by page, and every
 * timer each scheduled in its state now (fired, cancelled, pending), from a process whose name has a
 * {@code -} (its streams' category is {@code ping:rounds}).
 */
class ProcessInstanceQueriesTest {

    record Ping(String round, boolean quick) {
    }

    sealed interface RoundEvent {
        record Started(String round, boolean quick) implements RoundEvent {
        }

        record Answered(String round) implements RoundEvent {
        }

        record Closed(String round) implements RoundEvent {
        }
    }

    static final EventTypes TYPES = EventTypes.builder().register("Ping", Ping.class)
            .register("Started", RoundEvent.Started.class).register("Answered", RoundEvent.Answered.class)
            .register("Closed", RoundEvent.Closed.class).build();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryTimerStore timers = new InMemoryTimerStore();

    @AfterEach
    void close() {
        store.close();
    }

    /**
     * A round sets a "remind" timer (due in 1 minute) and a "close" timer (due in 1 hour) when it
     * starts; a quick round answers at once, which cancels "close"; the reminder closes the round.
     */
    private ProcessManager<String, RoundEvent> rounds() {
        Decider<ProcessInput, String, RoundEvent> decider = Decider.of("new", (ProcessInput input, String state) ->
                switch (input) {
                    case ProcessInput.Observed(Ping p, var recorded) when state.equals("new") -> p.quick()
                            ? Decision.accept(new RoundEvent.Started(p.round(), true), new RoundEvent.Answered(p.round()))
                            : Decision.accept(new RoundEvent.Started(p.round(), false));
                    case ProcessInput.TimerFired t when t.name().equals("remind") -> Decision.accept(new RoundEvent.Closed(t.payload()));
                    default -> Decision.<RoundEvent>reject("not-applicable", "state " + state);
                }, (String state, RoundEvent event) -> switch (event) {
                    case RoundEvent.Started s -> "started";
                    case RoundEvent.Answered a -> "answered";
                    case RoundEvent.Closed c -> "closed";
                });
        return ProcessManager.<String, RoundEvent>builder("ping-rounds", TYPES, RoundEvent.class)
                .categories("ping")
                .correlate((event, recorded) -> event instanceof Ping p ? Optional.of(p.round()) : Optional.empty())
                .decider(decider)
                .actions(event -> switch (event) {
                    case RoundEvent.Started s -> List.of(
                            ProcessAction.schedule("remind", Instant.parse("2026-03-01T10:01:00Z"), s.round()),
                            ProcessAction.schedule("close", Instant.parse("2026-03-01T11:00:00Z"), "close " + s.round()));
                    case RoundEvent.Answered a -> List.of(ProcessAction.cancel("close"));
                    case RoundEvent.Closed c -> List.of();
                })
                .clock(clock)
                .build();
    }

    @Test
    void instancesArePagedInIdOrderAndTheirTimersShowInTheirStatesNow() throws Exception {
        try (RunningProcess<String> process = rounds().start(store, new InMemoryCheckpointStore(), timers,
                CommandRouter.builder().build())) {
            // a stream of another category whose name starts alike is not an instance
            store.append(StreamId.of("ping:roundsx-1"), ExpectedRevision.any(), TYPES.serialize(new Ping("x", false)));
            for (String round : List.of("c", "a", "b")) {
                store.append(StreamId.of("ping", round), ExpectedRevision.any(), TYPES.serialize(new Ping(round, round.equals("b"))));
            }
            await("three rounds started, the quick one's close timer cancelled", () -> process.countInstances() == 3
                    && process.timers("a").size() == 2 && process.timers("c").size() == 2
                    && process.timers("b").stream().anyMatch(t -> t.state() == TimerState.CANCELLED));

            assertThat(process.instances("", 2)).extracting(ProcessInstance::id).containsExactly("a", "b");
            assertThat(process.instances("b", 2)).extracting(ProcessInstance::id).containsExactly("c");
            ProcessInstance b = process.instances("a", 1).getFirst();
            assertThat(b.stream().stream()).isEqualTo(process.instanceStream("b")).isEqualTo(StreamId.of("ping:rounds-b"));
            assertThat(b.stream().readableEvents()).isEqualTo(2);

            assertThat(process.timers("b")).extracting(t -> t.timer().payload() + "=" + t.state())
                    .as("the quick round's close timer was cancelled by its own next event")
                    .containsExactly("b=PENDING", "close b=CANCELLED");
            clock.advance(Duration.ofMinutes(1));
            await("round a closed", () -> process.instance("a").state().equals("closed"));
            await("a's reminder marked fired", () -> process.timers("a").getFirst().state() == TimerState.FIRED);
            List<StoredTimer> a = process.timers("a");
            assertThat(a).extracting(t -> t.timer().payload()).containsExactly("a", "close a");
            assertThat(a.getFirst().endedAt()).isEqualTo(clock.instant());
            assertThat(a.get(1).state()).isEqualTo(TimerState.PENDING);
            assertThat(a.get(1).timer().due()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
            assertThat(process.pendingTimers()).as("the pending timers of every instance")
                    .extracting(t -> t.timer().payload()).contains("close a").doesNotContain("a");
        }
    }

    @Test
    void anInstanceNeverWrittenHasNoTimersAndIsNotListed() throws Exception {
        try (RunningProcess<String> process = rounds().start(store, new InMemoryCheckpointStore(), timers,
                CommandRouter.builder().build())) {
            assertThat(process.timers("nobody")).isEmpty();
            assertThat(process.instances("", 10)).isEmpty();
            assertThat(process.countInstances()).isZero();
        }
    }
}
