package dev.vellum.serde;

import static dev.vellum.serde.TestEvents.anOrder;
import static dev.vellum.serde.TestEvents.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vellum.serde.TestEvents.Customer;
import dev.vellum.serde.TestEvents.CustomerRegistered;
import dev.vellum.serde.TestEvents.NotRegistered;
import dev.vellum.serde.TestEvents.OrderEvent;
import dev.vellum.serde.TestEvents.OrderPlaced;
import dev.vellum.serde.TestEvents.OrderShipped;
import dev.vellum.serde.TestEvents.Unwritable;
import dev.vellum.store.EventData;
import dev.vellum.store.Metadata;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventTypesRoundTripTest {

    private final EventTypes types = EventTypes.builder()
            .register("OrderPlaced", OrderPlaced.class)
            .register("OrderShipped", OrderShipped.class)
            .register("CustomerRegistered", 3, CustomerRegistered.class)
            .upcaster("CustomerRegistered", 1, data -> data)
            .upcaster("CustomerRegistered", 2, data -> data)
            .register("Unwritable", Unwritable.class)
            .build();

    @Test
    void roundTripsNestedRecordsListsDecimalsAndInstants() {
        OrderPlaced order = anOrder();

        EventData data = types.serialize(order);

        assertThat(data.type()).isEqualTo("OrderPlaced");
        assertThat(types.deserialize(recorded(data))).isEqualTo(order);
    }

    @Test
    void writesTheTypeNameNotTheClassNameAndReadableJson() throws Exception {
        EventData data = types.serialize(anOrder());

        JsonNode json = VellumJson.newObjectMapper().readTree(data.data());
        assertThat(json.get("placedAt").asText()).isEqualTo("2025-03-01T10:15:30.123456789Z");
        assertThat(json.get("total").decimalValue()).isEqualByComparingTo("25.990");
        assertThat(json.get("customer").get("name").asText()).isEqualTo("Ada");
        assertThat(data.data()).doesNotContain("dev.vellum").doesNotContain("@class");
    }

    @Test
    void givesEachEventARandomIdUnlessOneIsGiven() {
        UUID id = UUID.randomUUID();

        assertThat(types.serialize(anOrder()).id()).isNotEqualTo(types.serialize(anOrder()).id());
        assertThat(types.serialize(id, anOrder(), Metadata.EMPTY).id()).isEqualTo(id);
    }

    @Test
    void omitsTheSchemaHeaderAtVersionOneAndKeepsTheRestOfTheMetadata() {
        Metadata metadata = Metadata.EMPTY.withCorrelationId("corr").withCausationId("cause").withHeader("user", "ada");

        EventData data = types.serialize(anOrder(), metadata);

        assertThat(data.metadata()).isEqualTo(metadata);
        assertThat(data.metadata().header(EventTypes.SCHEMA_HEADER)).isNull();
    }

    @Test
    void dropsAStaleSchemaHeaderCopiedFromAnotherEventAtVersionOne() {
        Metadata copied = Metadata.EMPTY.withCorrelationId("corr").withHeader(EventTypes.SCHEMA_HEADER, "3");

        EventData data = types.serialize(anOrder(), copied);

        assertThat(data.metadata()).isEqualTo(Metadata.EMPTY.withCorrelationId("corr"));
    }

    @Test
    void recordsTheCurrentSchemaVersionAboveOne() {
        EventData data = types.serialize(new CustomerRegistered("c-1", "Ada", "Lovelace", "gold"),
                Metadata.EMPTY.withHeader(EventTypes.SCHEMA_HEADER, "1"));

        assertThat(data.metadata().header(EventTypes.SCHEMA_HEADER)).isEqualTo("3");
        assertThat(types.deserialize(recorded(data))).isEqualTo(new CustomerRegistered("c-1", "Ada", "Lovelace", "gold"));
    }

    @Test
    void roundTripsARecordWithoutComponents() {
        EventData data = types.serialize(new OrderShipped());

        assertThat(data.data()).isEqualTo("{}");
        assertThat(types.deserialize(recorded(data))).isEqualTo(new OrderShipped());
    }

    @Test
    void readsAsTheExpectedSealedInterface() {
        OrderEvent event = types.deserialize(recorded(types.serialize(anOrder())), OrderEvent.class);

        assertThat(event).isEqualTo(anOrder());
        assertThatThrownBy(() -> types.deserialize(recorded(types.serialize(anOrder())), Customer.class))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining(OrderPlaced.class.getName())
                .hasMessageContaining(Customer.class.getName());
    }

    @Test
    void ignoresPropertiesTheRecordDoesNotHaveSoOlderCodeReadsNewerData() {
        var stored = recorded("OrderShipped", "{\"carrier\":\"DHL\",\"parcels\":[1,2]}", Metadata.EMPTY);

        assertThat(types.deserialize(stored)).isEqualTo(new OrderShipped());
    }

    @Test
    void refusesToSerializeAnUnregisteredClass() {
        assertThatThrownBy(() -> types.serialize(new NotRegistered("x")))
                .isInstanceOfSatisfying(UnknownEventTypeException.class,
                        e -> assertThat(e.eventClass()).isEqualTo(NotRegistered.class))
                .hasMessageContaining(NotRegistered.class.getName())
                .hasMessageContaining("register");
    }

    @Test
    void saysThatEventsAreRecordsWhenGivenSomethingElse() {
        assertThatThrownBy(() -> types.serialize("OrderPlaced"))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("java.lang.String is not an event type: events are records");
    }

    @Test
    void wrapsAJacksonWriteFailureInATypedError() {
        assertThatThrownBy(() -> types.serialize(new Unwritable("x")))
                .isInstanceOf(EventSerializationException.class)
                .hasMessageContaining("'Unwritable'")
                .hasMessageContaining("boom");
    }

    @Test
    void answersWhichTypesItKnows() {
        assertThat(types.isRegistered("OrderPlaced")).isTrue();
        assertThat(types.isRegistered("OrderCancelled")).isFalse();
        assertThat(types.typeName(OrderPlaced.class)).isEqualTo("OrderPlaced");
        assertThat(types.typeNames())
                .isEqualTo(Set.of("OrderPlaced", "OrderShipped", "CustomerRegistered", "Unwritable"));
        assertThatThrownBy(() -> types.typeName(NotRegistered.class)).isInstanceOf(UnknownEventTypeException.class);
    }
}
