package dev.vellum.process;

import static dev.vellum.process.ProcessManagerTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.DelegatingTimerStore;
import dev.vellum.timer.InvalidTimerException;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.memory.InMemoryTimerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A process timer with a deadline: taken by the deadline, the instance gets {@link ProcessInput.TimerFired};
 * taken after it, {@link ProcessInput.TimerExpired}, which its decider records; never both.
 */
class ProcessTimerDeadlinesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant DUE = T0.plus(Duration.ofMinutes(15));
    private static final Instant DEADLINE = DUE.plus(Duration.ofMinutes(5));

    record Ping(String round) {
    }

    sealed interface RoundEvent {
        record Opened(String round) implements RoundEvent {
        }

        record Reported(String round) implements RoundEvent {
        }

        record Discarded(String round, Instant due, Instant deadline, Instant at) implements RoundEvent {
        }
    }

    static final EventTypes TYPES = EventTypes.builder().register("Ping", Ping.class)
            .register("Opened", RoundEvent.Opened.class).register("Reported", RoundEvent.Reported.class)
            .register("Discarded", RoundEvent.Discarded.class).build();

    private final ManualClock clock = new ManualClock(T0);
    private final InMemoryEventStore store = new InMemoryEventStore();

    @AfterEach
    void close() {
        store.close();
    }

    /**
     * A round opens a "report" timer due in 15 minutes with a deadline 5 minutes later; it reports
     * when the timer fires, and records any expiry it is told of.
     */
    private ProcessManager<String, RoundEvent> reports() {
        Decider<ProcessInput, String, RoundEvent> decider = Decider.of("new", (ProcessInput input, String state) ->
                switch (input) {
                    case ProcessInput.Observed(Ping p, var recorded) when state.equals("new") ->
                            Decision.accept(new RoundEvent.Opened(p.round()));
                    case ProcessInput.TimerFired t when state.equals("open") ->
                            Decision.accept(new RoundEvent.Reported(t.payload()));
                    // whatever the state: only the engine keeps an instance that was told of a firing
                    // from also learning of an expiry
                    case ProcessInput.TimerExpired t -> Decision.accept(new RoundEvent.Discarded(t.payload(), t.due(), t.deadline(), t.at()));
                    default -> Decision.<RoundEvent>reject("not-applicable", "state " + state);
                }, (String state, RoundEvent event) -> switch (event) {
                    case RoundEvent.Opened o -> "open";
                    case RoundEvent.Reported r -> "reported";
                    case RoundEvent.Discarded d -> "discarded";
                });
        return ProcessManager.<String, RoundEvent>builder("reports", TYPES, RoundEvent.class)
                .categories("ping")
                .correlate((event, recorded) -> event instanceof Ping p ? Optional.of(p.round()) : Optional.empty())
                .decider(decider)
                .actions(event -> switch (event) {
                    case RoundEvent.Opened o ->
                            List.of(ProcessAction.schedule("report", DUE, o.round()).withDeadline(DEADLINE));
                    case RoundEvent.Reported r -> List.of();
                    case RoundEvent.Discarded d -> List.of();
                })
                .clock(clock)
                .build();
    }

    private RunningProcess<String> start(TimerStore timers) throws InterruptedException {
        RunningProcess<String> process = reports().start(store, new InMemoryCheckpointStore(), timers,
                CommandRouter.builder().build());
        store.append(StreamId.of("ping", "r1"), ExpectedRevision.any(), TYPES.serialize(new Ping("r1")));
        await("the timer was set", () -> process.pendingTimers().size() == 1);
        return process;
    }

    private List<RecordedEvent> history(RunningProcess<String> process) {
        return store.readStream(process.instanceStream("r1"));
    }

    @Test
    void aTimerTakenByItsDeadlineFires() throws Exception {
        try (RunningProcess<String> process = start(new InMemoryTimerStore())) {
            assertThat(process.pendingTimers()).singleElement().satisfies(t -> {
                assertThat(t.timer().deadline()).isEqualTo(DEADLINE);
                assertThat(t.timer().payload()).isEqualTo("r1");
            });
            clock.set(DEADLINE);
            await("the round reported", () -> process.instance("r1").state().equals("reported"));
            assertThat(process.timers("r1")).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo(TimerState.FIRED));
        }
    }

    @Test
    void aTimerTakenAfterItsDeadlineIsAnInputTheInstanceRecords() throws Exception {
        try (RunningProcess<String> process = start(new InMemoryTimerStore())) {
            Instant late = DUE.plus(Duration.ofHours(2));
            clock.set(late);
            await("the round discarded its report", () -> process.instance("r1").state().equals("discarded"));
            await("the timer recorded as expired", () -> process.timers("r1").getFirst().state() == TimerState.EXPIRED);

            RecordedEvent discarded = history(process).getLast();
            assertThat(TYPES.deserialize(discarded)).isEqualTo(new RoundEvent.Discarded("r1", DUE, DEADLINE, late));
            assertThat(discarded.metadata().headers().get(CommandMetadata.COMMAND_HEADER))
                    .isEqualTo("timer:" + process.timers("r1").getFirst().id());
            assertThat(process.pendingTimers()).isEmpty();
            assertThat(process.status().dueTimers()).isZero();
            assertThat(process.status().expiredTimers()).as("counted in its status, for the metrics").isEqualTo(1);
        }
    }

    @Test
    void aFiringNotRecordedBeforeTheDeadlinePassedIsNotToldAgainAsAnExpiry() throws Exception {
        AtomicBoolean crashed = new AtomicBoolean();
        DelegatingTimerStore crashesOnce = new DelegatingTimerStore() {
            @Override
            public boolean markFired(String timerId, Instant firedAt) {
                if (crashed.compareAndSet(false, true)) {
                    clock.advance(Duration.ofHours(1)); // the node was down this long before it looked again
                    throw new IllegalStateException("injected: the firing was not recorded");
                }
                return super.markFired(timerId, firedAt);
            }
        };
        try (RunningProcess<String> process = start(crashesOnce)) {
            clock.set(DUE);
            await("the timer was taken again, after its deadline", () -> crashesOnce.find(process.timers("r1").getFirst().id())
                    .orElseThrow().state() == TimerState.EXPIRED);

            assertThat(process.instance("r1").state()).isEqualTo("reported");
            assertThat(history(process)).extracting(RecordedEvent::type).containsExactly("Opened", "Reported");
        }
    }

    @Test
    void aDeadlineBeforeTheDueTimeIsRefused() {
        assertThatThrownBy(() -> ProcessAction.schedule("report", DUE, "").withDeadline(DUE.minusSeconds(1)))
                .isInstanceOf(InvalidTimerException.class).hasMessageContaining("'report'").hasMessageContaining("deadline");
    }
}
