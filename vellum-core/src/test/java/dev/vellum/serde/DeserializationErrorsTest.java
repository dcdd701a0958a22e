package dev.vellum.serde;

import static dev.vellum.serde.TestEvents.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.serde.TestEvents.Line;
import dev.vellum.store.Metadata;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeserializationErrorsTest {

    private final EventTypes types = EventTypes.builder()
            .register("Line", 2, Line.class)
            .upcaster("Line", 1, data -> data)
            .build();

    private static Metadata version(String v) {
        return Metadata.EMPTY.withHeader(EventTypes.SCHEMA_HEADER, v);
    }

    @Test
    void anUnknownTypeIsATypedErrorThatSaysToRegisterIt() {
        RecordedEvent stored = recorded("OrderCancelled", "{}", Metadata.EMPTY);

        assertThatThrownBy(() -> types.deserialize(stored))
                .isInstanceOfSatisfying(UnknownEventTypeException.class, e -> {
                    assertThat(e.typeName()).isEqualTo("OrderCancelled");
                    assertThat(e.eventClass()).isNull();
                })
                .hasMessageContaining("Unknown event type 'OrderCancelled'")
                .hasMessageContaining("order-42")
                .hasMessageContaining("register(\"OrderCancelled\"")
                .hasMessageContaining("isRegistered");
        assertThat(types.isRegistered(stored.type())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"sku\":", "{sku:1}", "", "{\"sku\":\"a\"} trailing", "{\"quantity\":\"many\"}",
        "{\"unitPrice\":{}}", "[1]"})
    void dataThatIsMalformedOrDoesNotFitTheRecordIsATypedErrorNamingTheEvent(String json) {
        RecordedEvent stored = recorded("Line", json, version("2"));

        assertThatThrownBy(() -> types.deserialize(stored))
                .isInstanceOfSatisfying(EventDeserializationException.class, e -> {
                    assertThat(e).isNotInstanceOf(SchemaVersionTooNewException.class);
                    assertThat(e.stream()).isEqualTo(StreamId.of("order-42"));
                    assertThat(e.revision()).isEqualTo(3);
                    assertThat(e.typeName()).isEqualTo("Line");
                    assertThat(e.getCause()).isNotNull();
                })
                .hasMessageContaining("'Line' at revision 3 of stream 'order-42' (position 17)");
    }

    @Test
    void namesTheFieldThatDoesNotFit() {
        EventTypes orders = EventTypes.builder().register("OrderPlaced", TestEvents.OrderPlaced.class).build();
        String json = "{\"lines\":[{\"sku\":\"a\",\"quantity\":1},{\"sku\":\"b\",\"quantity\":\"many\"}]}";

        assertThatThrownBy(() -> orders.deserialize(recorded("OrderPlaced", json, Metadata.EMPTY)))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("\"many\"")
                .hasMessageContaining("(at lines[1].quantity)");
    }

    @Test
    void saysWhereMalformedJsonBreaks() {
        assertThatThrownBy(() -> types.deserialize(recorded("Line", "{\"sku\": \"a\",\n \"quantity\" 3}", version("2"))))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("(line 2, column ");
    }

    @Test
    void malformedDataOnTheUpcastingPathIsATypedErrorToo() {
        assertThatThrownBy(() -> types.deserialize(recorded("Line", "{\"sku\":", Metadata.EMPTY)))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("order-42");
    }

    @Test
    void jsonNullIsATypedError() {
        assertThatThrownBy(() -> types.deserialize(recorded("Line", "null", version("2"))))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("JSON null");
    }

    @Test
    void aVersionNewerThanRegisteredIsATypedErrorSayingTheCodeIsOlderThanTheData() {
        RecordedEvent stored = recorded("Line", "{\"sku\":\"a\"}", version("3"));

        assertThatThrownBy(() -> types.deserialize(stored))
                .isInstanceOfSatisfying(SchemaVersionTooNewException.class, e -> {
                    assertThat(e.storedVersion()).isEqualTo(3);
                    assertThat(e.knownVersion()).isEqualTo(2);
                    assertThat(e.typeName()).isEqualTo("Line");
                })
                .hasMessageContaining("schema version 3")
                .hasMessageContaining("only up to version 2")
                .hasMessageContaining("newer release");
    }

    @ParameterizedTest
    @ValueSource(strings = {"two", "0", "-1", "", "1.5", "99999999999"})
    void aSchemaHeaderThatIsNotAVersionIsATypedError(String header) {
        assertThatThrownBy(() -> types.deserialize(recorded("Line", "{}", version(header))))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("$schema header is '" + header + "'");
    }
}
