package dev.vellum.projection;

import static dev.vellum.projection.ProjectionFixtures.awaitCheckpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.process.InvalidProcessManagerException;
import dev.vellum.process.ProcessInput;
import dev.vellum.process.ProcessManager;
import dev.vellum.projection.ProjectionFixtures.Recorder;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.reactor.Effect;
import dev.vellum.reactor.EffectOutcomes;
import dev.vellum.reactor.Reactor;
import dev.vellum.serde.EventTypes;
import dev.vellum.serde.UnknownEventTypeException;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Handled event types named so that a typo fails at build time: by record class where a registry
 * says what they are called (renames included), and checked against the registry where the worker
 * deserializes with one (process managers).
 */
class HandledTypesTest {

    record OrderPlaced(String orderId) {
    }

    record OrderShipped(String orderId) {
    }

    record NotRegistered(String orderId) {
    }

    record Sent(String receipt) {
    }

    static final EventTypes TYPES = EventTypes.builder()
            .register("OrderPlaced", OrderPlaced.class)
            .register("OrderShipped", OrderShipped.class)
            .rename("OrderSent", "OrderShipped") // events of old were stored as OrderSent
            .build();

    static final EffectOutcomes<Object> OUTCOMES = new EffectOutcomes<>() {
        @Override
        public Object succeeded(Effect effect, String receipt) {
            return receipt;
        }

        @Override
        public Object failed(Effect effect, String error) {
            return error;
        }
    };

    @Test
    void aProjectionNamesItsTypesByClassAndReadsTheirOldNamesToo() throws Exception {
        try (InMemoryEventStore store = new InMemoryEventStore();
                ProjectionRunner runner = ProjectionRunner.builder(store).build()) {
            StreamId order = StreamId.of("order-1");
            store.append(order, ExpectedRevision.noStream(), List.of(EventData.of("OrderSent", "{\"orderId\":\"1\"}"),
                    TYPES.serialize(new OrderPlaced("1")), TYPES.serialize(new OrderShipped("1")),
                    EventData.of("Other", "{}")));
            Recorder recorder = new Recorder();
            RunningProjection shipped = runner.start(Projection.builder("shipped").handles(TYPES, OrderShipped.class)
                    .handler(recorder.handler()).build(), new InMemoryCheckpointStore());
            awaitCheckpoint(shipped, store.head());
            assertThat(recorder.seen).extracting(RecordedEvent::type).containsExactly("OrderSent", "OrderShipped");
        }
        assertThat(Projection.builder("p").handles(TYPES, OrderPlaced.class, OrderShipped.class)
                .handler((context, event) -> { }).build().filter().types())
                .isEqualTo(Set.of("OrderPlaced", "OrderShipped", "OrderSent"));
    }

    @Test
    void aClassTheRegistryDoesNotKnowFailsAtBuildTime() {
        assertThatThrownBy(() -> Projection.builder("p").handles(TYPES, NotRegistered.class))
                .isInstanceOf(UnknownEventTypeException.class).hasMessageContaining(NotRegistered.class.getName());
        assertThatThrownBy(() -> Reactor.builder("r", TYPES, OUTCOMES).handles(TYPES, NotRegistered.class))
                .isInstanceOf(UnknownEventTypeException.class);
        assertThatThrownBy(() -> ProcessManager.builder("pm", TYPES, Object.class).handles(NotRegistered.class))
                .isInstanceOf(UnknownEventTypeException.class);
    }

    @Test
    void aReactorNamesItsTypesByClassFromTheRegistryOfWhatItReactsTo() {
        EventTypes outcomesOnly = EventTypes.builder().register("Sent", Sent.class).build();
        Reactor<Object> reactor = Reactor.builder("r", outcomesOnly, OUTCOMES).handles(TYPES, OrderPlaced.class)
                .decide(event -> List.of()).execute(effect -> "").build();
        assertThat(reactor.filter().types()).isEqualTo(Set.of("OrderPlaced"));
    }

    @Test
    void aProcessManagerRefusesATypeNameItsRegistryDoesNotKnow() {
        Decider<ProcessInput, String, OrderPlaced> decider = Decider.of("", (ProcessInput input, String state) ->
                Decision.<OrderPlaced>reject("no", "no"), (String state, OrderPlaced event) -> state);
        ProcessManager.Builder<String, OrderPlaced> typo = ProcessManager.<String, OrderPlaced>builder("pm", TYPES, OrderPlaced.class)
                .handles("OrderPlaced", "OrderShiped")
                .correlate((event, recorded) -> Optional.empty()).decider(decider).actions(event -> List.of());
        assertThatThrownBy(typo::build).isInstanceOf(InvalidProcessManagerException.class)
                .hasMessageContaining("[OrderShiped]").hasMessageContaining("never observe");
        assertThat(typo.handles(OrderPlaced.class, OrderShipped.class).build().filter().types())
                .isEqualTo(Set.of("OrderPlaced", "OrderShipped", "OrderSent"));
        assertThat(typo.handles("OrderPlaced", "OrderSent").build().filter().types()).isEqualTo(Set.of("OrderPlaced", "OrderSent"));
    }
}
