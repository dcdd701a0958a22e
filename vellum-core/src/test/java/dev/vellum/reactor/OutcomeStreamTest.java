package dev.vellum.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandResult;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.timer.memory.InMemoryTimerStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a reactor records its outcomes by default: not in the source event's stream, which belongs
 * to an aggregate whose decider knows only its own events (the order of the root README).
 */
class OutcomeStreamTest {

    sealed interface OrderCommand {
        record PlaceOrder(String orderId) implements OrderCommand {
        }

        record ConfirmOrder(String orderId) implements OrderCommand {
        }
    }

    sealed interface OrderEvent {
        record OrderPlaced(String orderId) implements OrderEvent {
        }

        record OrderConfirmed(String orderId) implements OrderEvent {
        }
    }

    /** The reactor's outcome: not one of the order's events. */
    record ConfirmationSent(String orderId, String messageId) {
    }

    record ConfirmationFailed(String orderId, String error) {
    }

    static final EventTypes TYPES = EventTypes.builder()
            .register("OrderPlaced", OrderEvent.OrderPlaced.class)
            .register("OrderConfirmed", OrderEvent.OrderConfirmed.class)
            .register("ConfirmationSent", ConfirmationSent.class)
            .register("ConfirmationFailed", ConfirmationFailed.class)
            .build();

    static final Decider<OrderCommand, String, OrderEvent> ORDER = Decider.of("new",
            (OrderCommand command, String state) -> switch (command) {
                case OrderCommand.PlaceOrder p when state.equals("new") -> Decision.accept(new OrderEvent.OrderPlaced(p.orderId()));
                case OrderCommand.ConfirmOrder c when state.equals("placed") ->
                        Decision.accept(new OrderEvent.OrderConfirmed(c.orderId()));
                default -> Decision.<OrderEvent>reject("not-applicable", "the order is " + state);
            }, (String state, OrderEvent event) -> switch (event) {
                case OrderEvent.OrderPlaced p -> "placed";
                case OrderEvent.OrderConfirmed c -> "confirmed";
            });

    static final EffectOutcomes<Object> OUTCOMES = new EffectOutcomes<>() {
        @Override
        public Object succeeded(Effect effect, String receipt) {
            return new ConfirmationSent(effect.payload(), receipt);
        }

        @Override
        public Object failed(Effect effect, String error) {
            return new ConfirmationFailed(effect.payload(), error);
        }
    };

    @Test
    void anOutcomeRecordedByDefaultLeavesTheAggregateItReactedToWorking() throws Exception {
        try (InMemoryEventStore store = new InMemoryEventStore()) {
            CommandHandler<OrderCommand, String, OrderEvent> orders = CommandHandler
                    .builder(store, TYPES, OrderEvent.class, ORDER).build();
            Reactor<Object> confirmations = Reactor.builder("confirmation-email", TYPES, OUTCOMES)
                    .categories("order").handles("OrderPlaced")
                    .decide(event -> List.of(EffectRequest.of(TYPES.deserialize(event, OrderEvent.OrderPlaced.class).orderId())))
                    .execute(effect -> "msg-1")
                    .build();
            StreamId order = StreamId.of("order", 42);
            StreamId outcomes = EffectOutcomes.defaultStream("confirmation-email", order);
            try (RunningReactor running = confirmations.start(store, new InMemoryCheckpointStore(), new InMemoryTimerStore())) {
                assertThat(orders.handle(order, new OrderCommand.PlaceOrder("42"))).isInstanceOf(CommandResult.Accepted.class);
                ReactorTest.await("the outcome is recorded", () -> running.executedCount() == 1);
            }

            assertThat(outcomes.value()).isEqualTo("reactor.outcomes-confirmation-email/order-42");
            assertThat(outcomes.category()).isEqualTo(EffectOutcomes.DEFAULT_CATEGORY);
            assertThat(TYPES.deserialize(store.readStream(outcomes).getFirst())).isEqualTo(new ConfirmationSent("42", "msg-1"));
            assertThat(store.readStream(order)).extracting(RecordedEvent::type).containsExactly("OrderPlaced");
            assertThat(orders.handle(order, new OrderCommand.ConfirmOrder("42"))).isInstanceOf(CommandResult.Accepted.class);
            assertThat(orders.load(order).state()).isEqualTo("confirmed");
        }
    }

    @Test
    void aSourceStreamTooLongToPrefixGetsAStableShortName() {
        StreamId longSource = StreamId.of("order-" + "x".repeat(190));
        StreamId outcomes = EffectOutcomes.defaultStream("confirmation-email", longSource);
        assertThat(outcomes.value()).startsWith("reactor.outcomes-confirmation-email/").hasSizeLessThanOrEqualTo(StreamId.MAX_LENGTH);
        assertThat(EffectOutcomes.defaultStream("confirmation-email", longSource)).isEqualTo(outcomes);
        assertThat(EffectOutcomes.defaultStream("confirmation-email", StreamId.of("order-" + "y".repeat(190))))
                .isNotEqualTo(outcomes);
    }
}
