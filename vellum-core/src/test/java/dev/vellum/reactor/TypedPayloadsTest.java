package dev.vellum.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.reactor.Emails.OrderEvent;
import dev.vellum.reactor.Emails.OrderEvent.OrderPlaced;
import dev.vellum.serde.EventDeserializationException;
import dev.vellum.serde.EventTypes;
import dev.vellum.serde.PayloadDeserializationException;
import dev.vellum.serde.UnknownEventTypeException;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.timer.memory.InMemoryTimerStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 11.15 and 11.14: a reactor decides on the deserialized event, and its effects carry a typed payload. */
class TypedPayloadsTest {

    record ConfirmationEmail(String to, String orderId) {
    }

    record Unregistered(String x) {
    }

    private static final EventTypes TYPES = EventTypes.builder()
            .register("OrderPlaced", OrderPlaced.class)
            .register("ConfirmationEmailSent", OrderEvent.ConfirmationEmailSent.class)
            .register("ConfirmationEmailFailed", OrderEvent.ConfirmationEmailFailed.class)
            .register("ConfirmationEmail", ConfirmationEmail.class)
            .build();

    private final InMemoryEventStore store = new InMemoryEventStore();

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void theDeciderGetsTheEventAsItsRecordAndTheEffectItsPayloadAsARecord() throws Exception {
        List<ConfirmationEmail> sent = new CopyOnWriteArrayList<>();
        Reactor<OrderEvent> reactor = Reactor.builder("confirmation-email", TYPES, Emails.OUTCOMES)
                .handles(TYPES, OrderPlaced.class)
                .decide(EffectDecider.typed(TYPES, OrderPlaced.class, (order, recorded) ->
                        List.of(EffectRequest.needingApproval(TYPES, new ConfirmationEmail(order.email(), order.orderId())))))
                .execute(effect -> {
                    sent.add(effect.payload(TYPES, ConfirmationEmail.class));
                    return "msg-1";
                })
                .build();
        try (RunningReactor running = reactor.start(store, new InMemoryCheckpointStore(), new InMemoryTimerStore())) {
            store.append(StreamId.of("order", "42"), ExpectedRevision.noStream(), TYPES.serialize(new OrderPlaced("42", "ada@example.com")));
            ReactorTest.await("the effect waits for approval", () -> running.pendingEffects().size() == 1);

            PendingEffect pending = running.pendingEffects().getFirst();
            assertThat(pending.effect().payload()).as("kept as text").isEqualTo("{\"to\":\"ada@example.com\",\"orderId\":\"42\"}");
            assertThat(pending.effect().payload(TYPES, ConfirmationEmail.class))
                    .isEqualTo(new ConfirmationEmail("ada@example.com", "42"));
            running.approveEffect(pending.key());
            ReactorTest.await("the email went out", () -> sent.size() == 1);
            assertThat(sent).containsExactly(new ConfirmationEmail("ada@example.com", "42"));
        }
    }

    @Test
    void aPayloadThatIsNotTheRecordAskedForGetsATypedError() {
        Effect effect = new Effect("k", "r", "not json", StreamId.of("order-1"), UUID.randomUUID(), Position.of(1), null);
        assertThatThrownBy(() -> effect.payload(TYPES, ConfirmationEmail.class))
                .isInstanceOf(PayloadDeserializationException.class).hasMessageContaining("'ConfirmationEmail'");
        Effect nothing = new Effect("k", "r", "null", StreamId.of("order-1"), UUID.randomUUID(), Position.of(1), null);
        assertThatThrownBy(() -> nothing.payload(TYPES, ConfirmationEmail.class))
                .isInstanceOf(PayloadDeserializationException.class).hasMessageContaining("JSON null");
        assertThatThrownBy(() -> effect.payload(TYPES, Unregistered.class)).isInstanceOf(UnknownEventTypeException.class);
        assertThatThrownBy(() -> EffectRequest.of(TYPES, new Unregistered("x"))).isInstanceOf(UnknownEventTypeException.class);
    }

    @Test
    void aTypedDeciderGivenAnotherEventFailsWithATypedError() {
        store.append(StreamId.of("order", "1"), ExpectedRevision.any(),
                EventData.of("ConfirmationEmailSent", "{\"orderId\":\"1\",\"messageId\":\"m\"}"));
        RecordedEvent other = store.readStream(StreamId.of("order-1")).getFirst();
        EffectDecider decider = EffectDecider.typed(TYPES, OrderPlaced.class, (order, recorded) -> List.of());
        assertThatThrownBy(() -> decider.decide(other)).isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("not a " + OrderPlaced.class.getName());
    }
}
