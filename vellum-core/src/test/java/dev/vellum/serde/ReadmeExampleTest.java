package dev.vellum.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.EventData;
import dev.vellum.store.Metadata;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example of the "Serialization" section of vellum-core/README.md; keep the two in step. */
class ReadmeExampleTest {

    sealed interface OrderEvent {
    }

    record OrderPlaced(String orderId, BigDecimal total, Instant placedAt) implements OrderEvent {
    }

    /** Version 2: "channel" was added; version 1 events read as "web". */
    record OrderConfirmed(String orderId, String channel) implements OrderEvent {
    }

    @Test
    void theReadmeExampleWorks() {
        // --- README: registry
        EventTypes types = EventTypes.builder()
                .register("OrderPlaced", OrderPlaced.class)
                .register("OrderConfirmed", 2, OrderConfirmed.class)
                .upcaster("OrderConfirmed", 1, data -> data.put("channel", "web"))
                .build();

        EventData placed = types.serialize(new OrderPlaced("42", new BigDecimal("25.90"), Instant.now()),
                Metadata.EMPTY.withCorrelationId("cmd-7"));
        // store.append(StreamId.of("order", "42"), ExpectedRevision.noStream(), placed);
        // --- README: end

        List<RecordedEvent> log = List.of(
                stored(placed, 0),
                stored(EventData.of("OrderConfirmed", "{\"orderId\":\"42\"}"), 1),
                stored(EventData.of("OrderShipped", "{\"orderId\":\"42\"}"), 2));
        List<String> seen = new ArrayList<>();

        // --- README: reading
        for (RecordedEvent recorded : log) {               // e.g. store.readAll(after, LogFilter.all(), 500)
            if (!types.isRegistered(recorded.type())) {
                continue;                                  // this reader skips the types it does not know
            }
            switch (types.deserialize(recorded, OrderEvent.class)) {
                case OrderPlaced p -> seen.add("placed " + p.total());
                case OrderConfirmed c -> seen.add("confirmed via " + c.channel());
            }
        }
        // --- README: end

        assertThat(seen).containsExactly("placed 25.90", "confirmed via web");
        assertThat(placed.metadata().correlationId()).isEqualTo("cmd-7");
    }

    private static RecordedEvent stored(EventData data, long revision) {
        return new RecordedEvent(StreamId.of("order-42"), revision, Position.of(revision + 1), data.id(), data.type(),
                data.data(), data.metadata(), Instant.now());
    }
}
