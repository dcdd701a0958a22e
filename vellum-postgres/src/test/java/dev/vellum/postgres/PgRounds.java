package dev.vellum.postgres;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.process.CommandRouter;
import dev.vellum.process.ProcessAction;
import dev.vellum.process.ProcessInput;
import dev.vellum.process.ProcessManager;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The process manager of the lease tests: a {@code Ping} in stream {@code ping-<round>} starts a
 * round, which sends an {@code Answer} command to aggregate {@code pong-<round>}, records that it
 * was answered, sets a durable timer, and closes when the timer fires. Each round completes at most
 * once (the decider refuses an input in the wrong state); commands and inputs carry derived ids.
 */
final class PgRounds {

    /** The process manager's name; its lease and checkpoint are {@code process.rounds}. */
    static final String NAME = "rounds";

    /** The event that starts a round. */
    record Ping(String round) {
    }

    /** The command the process sends to a round's pong aggregate. */
    record Answer(String round) {
    }

    /** The pong aggregate's event. */
    record Pong(String round) {
    }

    /** A round's events. */
    sealed interface RoundEvent {
        /** Observed its ping. */
        record Started(String round) implements RoundEvent {
        }

        /** Its answer was accepted; its close timer is set. */
        record Answered(String round) implements RoundEvent {
        }

        /** Its close timer fired. */
        record Closed(String round) implements RoundEvent {
        }
    }

    static final EventTypes TYPES = EventTypes.builder()
            .register("Ping", Ping.class).register("Pong", Pong.class)
            .register("Started", RoundEvent.Started.class).register("Answered", RoundEvent.Answered.class)
            .register("Closed", RoundEvent.Closed.class)
            .build();

    private static final Decider<ProcessInput, String, RoundEvent> ROUND = Decider.of("new", (ProcessInput input, String state) ->
            switch (input) {
                case ProcessInput.Observed(Ping p, var recorded) when state.equals("new") ->
                        Decision.accept(new RoundEvent.Started(p.round()));
                case ProcessInput.CommandAccepted a when state.equals("started") ->
                        Decision.accept(new RoundEvent.Answered(((Answer) a.command()).round()));
                case ProcessInput.TimerFired t when state.equals("answered") -> Decision.accept(new RoundEvent.Closed(t.payload()));
                default -> Decision.<RoundEvent>reject("not-applicable", "state " + state);
            }, (String state, RoundEvent event) -> switch (event) {
                case RoundEvent.Started s -> "started";
                case RoundEvent.Answered a -> "answered";
                case RoundEvent.Closed c -> "closed";
            });

    private static final Decider<Answer, String, Pong> PONGS = Decider.of("",
            (Answer a, String s) -> s.isEmpty() ? Decision.accept(new Pong(a.round())) : Decision.<Pong>reject("answered", "once"),
            (String s, Pong p) -> s + p.round());

    private PgRounds() {
    }

    /** The event that starts round {@code round}, for stream {@code ping-<round>}. */
    static EventData ping(String round) {
        return TYPES.serialize(new Ping(round));
    }

    /** The process manager, reading the log from its start; a round closes {@code closeAfter} after it was answered. */
    static ProcessManager<String, RoundEvent> process(Duration closeAfter) {
        return ProcessManager.<String, RoundEvent>builder(NAME, TYPES, RoundEvent.class)
                .categories("ping")
                .correlate((event, recorded) -> event instanceof Ping p ? Optional.of(p.round()) : Optional.empty())
                .decider(ROUND)
                .actions(event -> switch (event) {
                    case RoundEvent.Started s -> List.of(ProcessAction.send(StreamId.of("pong", s.round()), new Answer(s.round())));
                    case RoundEvent.Answered a -> List.of(ProcessAction.schedule("close", Instant.now().plus(closeAfter), a.round()));
                    case RoundEvent.Closed c -> List.of();
                })
                .startFromBeginning()
                .build();
    }

    /** Routes the process's {@code Answer} commands to the pong aggregates in {@code store}. */
    static CommandRouter router(EventStore store) {
        return CommandRouter.builder().route(Answer.class, CommandHandler.builder(store, TYPES, Pong.class, PONGS).build()).build();
    }
}
