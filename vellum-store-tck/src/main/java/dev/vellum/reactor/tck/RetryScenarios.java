package dev.vellum.reactor.tck;

import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.process.ProcessInput;
import dev.vellum.reactor.Effect;
import dev.vellum.reactor.EffectOutcomes;
import dev.vellum.reactor.SideEffect;
import dev.vellum.serde.EventTypes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The small scenarios {@link EventRetriesSuite} runs: an order that gets a confirmation email (a
 * reactor), and a ping answered by a pong through a command another aggregate handles (a process
 * manager), with a mail provider and a pong handler that can be told to fail.
 */
final class RetryScenarios {

    record OrderPlaced(String orderId) {
    }

    record EmailSent(String orderId, String messageId) {
    }

    record EmailFailed(String orderId, String error) {
    }

    record Ping(String round) {
    }

    record Answer(String round) {
    }

    record Pong(String round) {
    }

    sealed interface RoundEvent {
        record Started(String round) implements RoundEvent {
        }

        record Answered(String round) implements RoundEvent {
        }
    }

    static final EventTypes TYPES = EventTypes.builder()
            .register("OrderPlaced", OrderPlaced.class).register("EmailSent", EmailSent.class)
            .register("EmailFailed", EmailFailed.class)
            .register("Ping", Ping.class).register("Pong", Pong.class)
            .register("RoundStarted", RoundEvent.Started.class).register("RoundAnswered", RoundEvent.Answered.class)
            .build();

    static final EffectOutcomes<Object> OUTCOMES = new EffectOutcomes<>() {
        @Override
        public Object succeeded(Effect effect, String receipt) {
            return new EmailSent(effect.sourceStream().value(), receipt);
        }

        @Override
        public Object failed(Effect effect, String error) {
            return new EmailFailed(effect.sourceStream().value(), error);
        }
    };

    /** A round: a ping starts it and sends an answer; the answer's acceptance ends it. */
    static final Decider<ProcessInput, String, RoundEvent> ROUND = Decider.of("new", (ProcessInput input, String state) ->
            switch (input) {
                case ProcessInput.Observed(Ping p, var recorded) when state.equals("new") ->
                        Decision.accept(new RoundEvent.Started(p.round()));
                case ProcessInput.CommandAccepted a when state.equals("started") ->
                        Decision.accept(new RoundEvent.Answered(((Answer) a.command()).round()));
                default -> Decision.<RoundEvent>reject("not-applicable", "state " + state);
            }, (String state, RoundEvent event) -> switch (event) {
                case RoundEvent.Started s -> "started";
                case RoundEvent.Answered a -> "answered";
            });

    /** Carries emails out, counting each call by key; fails none. */
    static final class MailProvider implements SideEffect {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public String execute(Effect effect) {
            calls.add(effect.key());
            return "msg-" + calls.size();
        }
    }

    /** Answers pings with pongs; the next {@code failures} commands fail, as a database briefly gone would. */
    static final class PongHandler {
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        Decider<Answer, String, Pong> decider() {
            return Decider.of("", (Answer a, String s) -> {
                calls.incrementAndGet();
                if (failures.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0) {
                    throw new IllegalStateException("injected: the pong database is unreachable");
                }
                return Decision.accept(new Pong(a.round()));
            }, (String s, Pong p) -> s + p.round());
        }
    }

    private RetryScenarios() {
    }
}
