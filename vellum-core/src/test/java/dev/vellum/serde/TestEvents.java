package dev.vellum.serde;

import dev.vellum.store.EventData;
import dev.vellum.store.Metadata;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Event records and helpers shared by the serde tests. */
final class TestEvents {

    private TestEvents() {
    }

    sealed interface OrderEvent {
    }

    record Customer(String id, String name) {
    }

    record Line(String sku, int quantity, BigDecimal unitPrice) {
    }

    record OrderPlaced(String orderId, Customer customer, List<Line> lines, BigDecimal total, Instant placedAt)
            implements OrderEvent {
    }

    record OrderShipped() implements OrderEvent {
    }

    /** Version 3 shape: v1 had {@code name}, v2 split it into {@code first}/{@code last}, v3 added {@code tier}. */
    record CustomerRegistered(String id, String first, String last, String tier) {
    }

    record NotRegistered(String x) {
    }

    /** Stored as a record, but its accessor fails, so Jackson cannot write it. */
    record Unwritable(String value) {
        @Override
        public String value() {
            throw new IllegalStateException("boom");
        }
    }

    static OrderPlaced anOrder() {
        return new OrderPlaced("42", new Customer("c-7", "Ada"),
                List.of(new Line("book", 2, new BigDecimal("12.50")), new Line("pen", 1, new BigDecimal("0.99"))),
                new BigDecimal("25.990"), Instant.parse("2025-03-01T10:15:30.123456789Z"));
    }

    /** The event as a store would return it: at revision 3 of {@code order-42}, position 17. */
    static RecordedEvent recorded(EventData data) {
        return new RecordedEvent(StreamId.of("order-42"), 3, Position.of(17), data.id(), data.type(), data.data(),
                data.metadata(), Instant.parse("2025-03-01T10:15:31Z"));
    }

    /** A stored event with this type, data and metadata. */
    static RecordedEvent recorded(String type, String json, Metadata metadata) {
        return recorded(new EventData(UUID.randomUUID(), type, json, metadata));
    }
}
