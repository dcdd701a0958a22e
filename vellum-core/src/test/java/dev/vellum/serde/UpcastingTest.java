package dev.vellum.serde;

import static dev.vellum.serde.TestEvents.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.serde.TestEvents.CustomerRegistered;
import dev.vellum.serde.TestEvents.Line;
import dev.vellum.store.Metadata;
import dev.vellum.store.RecordedEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpcastingTest {

    private final List<String> calls = new ArrayList<>();

    /** v1 {name}, v2 {first,last}, v3 {first,last,tier}. */
    private final EventTypes types = EventTypes.builder()
            .register("CustomerRegistered", 3, CustomerRegistered.class)
            .upcaster("CustomerRegistered", 2, data -> {
                calls.add("2->3");
                return data.put("tier", "standard");
            })
            .upcaster("CustomerRegistered", 1, data -> {
                calls.add("1->2");
                String[] parts = data.remove("name").asText().split(" ", 2);
                return data.put("first", parts[0]).put("last", parts[1]);
            })
            .build();

    private static Metadata version(int v) {
        return Metadata.EMPTY.withHeader(EventTypes.SCHEMA_HEADER, Integer.toString(v));
    }

    @Test
    void upcastsVersionOneThroughEveryLinkOfTheChainInOrder() {
        RecordedEvent stored = recorded("CustomerRegistered", "{\"id\":\"c-1\",\"name\":\"Ada Lovelace\"}", Metadata.EMPTY);

        assertThat(types.deserialize(stored)).isEqualTo(new CustomerRegistered("c-1", "Ada", "Lovelace", "standard"));
        assertThat(calls).containsExactly("1->2", "2->3");
    }

    @Test
    void treatsAnExplicitVersionOneHeaderLikeAMissingOne() {
        RecordedEvent stored = recorded("CustomerRegistered", "{\"id\":\"c-1\",\"name\":\"Ada Lovelace\"}", version(1));

        assertThat(types.deserialize(stored)).isEqualTo(new CustomerRegistered("c-1", "Ada", "Lovelace", "standard"));
    }

    @Test
    void upcastsVersionTwoThroughTheRemainingLinkOnly() {
        RecordedEvent stored = recorded("CustomerRegistered", "{\"id\":\"c-1\",\"first\":\"Ada\",\"last\":\"L\"}", version(2));

        assertThat(types.deserialize(stored)).isEqualTo(new CustomerRegistered("c-1", "Ada", "L", "standard"));
        assertThat(calls).containsExactly("2->3");
    }

    @Test
    void readsTheCurrentVersionWithoutAnyUpcaster() {
        CustomerRegistered current = new CustomerRegistered("c-1", "Ada", "L", "gold");

        assertThat(types.deserialize(recorded(types.serialize(current)))).isEqualTo(current);
        assertThat(calls).isEmpty();
    }

    @Test
    void anUpcasterMayReturnANewNode() {
        EventTypes replacing = EventTypes.builder()
                .register("Line", 2, Line.class)
                .upcaster("Line", 1, old -> old.objectNode()
                        .put("sku", old.get("product").asText())
                        .put("quantity", 1)
                        .put("unitPrice", old.get("price").decimalValue()))
                .build();

        RecordedEvent stored = recorded("Line", "{\"product\":\"pen\",\"price\":0.990}", Metadata.EMPTY);

        assertThat(replacing.deserialize(stored)).isEqualTo(new Line("pen", 1, new BigDecimal("0.990")));
    }

    @Test
    void keepsDecimalsExactOnTheUpcastingPath() {
        EventTypes upcasting = EventTypes.builder()
                .register("Line", 2, Line.class)
                .upcaster("Line", 1, data -> data)
                .build();

        RecordedEvent stored = recorded("Line",
                "{\"sku\":\"x\",\"quantity\":3,\"unitPrice\":12345678901234567890.10}", Metadata.EMPTY);

        assertThat(((Line) upcasting.deserialize(stored)).unitPrice()).isEqualTo(new BigDecimal("12345678901234567890.10"));
    }

    @Test
    void readsAnOldTypeNameAsTheRenamedTypeOnItsVersionLine() {
        EventTypes renamed = EventTypes.builder()
                .register("CustomerSignedUp", 2, CustomerRegistered.class)
                .upcaster("CustomerSignedUp", 1, data -> data.put("tier", "legacy"))
                .rename("CustomerRegistered", "CustomerSignedUp")
                .build();
        RecordedEvent old = recorded("CustomerRegistered", "{\"id\":\"c-1\",\"first\":\"Ada\",\"last\":\"L\"}", Metadata.EMPTY);

        assertThat(renamed.deserialize(old)).isEqualTo(new CustomerRegistered("c-1", "Ada", "L", "legacy"));
        assertThat(renamed.isRegistered("CustomerRegistered")).isTrue();
        assertThat(renamed.typeNames()).containsExactlyInAnyOrder("CustomerRegistered", "CustomerSignedUp");
        assertThat(renamed.serialize(new CustomerRegistered("c-2", "B", "C", "gold")).type()).isEqualTo("CustomerSignedUp");
    }

    @Test
    void aFailingUpcasterGivesATypedErrorNamingTheStep() {
        RecordedEvent stored = recorded("CustomerRegistered", "{\"id\":\"c-1\"}", Metadata.EMPTY);

        assertThatThrownBy(() -> types.deserialize(stored))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("upcaster from version 1 to 2 failed")
                .hasMessageContaining("'CustomerRegistered'")
                .hasMessageContaining("order-42")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUpcasterReturningNullGivesATypedError() {
        EventTypes broken = EventTypes.builder()
                .register("Line", 2, Line.class)
                .upcaster("Line", 1, data -> null)
                .build();

        assertThatThrownBy(() -> broken.deserialize(recorded("Line", "{}", Metadata.EMPTY)))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("returned null");
    }

    @Test
    void oldDataThatIsNotAnObjectCannotBeUpcast() {
        assertThatThrownBy(() -> types.deserialize(recorded("CustomerRegistered", "[1,2]", Metadata.EMPTY)))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("must be a JSON object")
                .hasMessageContaining("array");
    }
}
