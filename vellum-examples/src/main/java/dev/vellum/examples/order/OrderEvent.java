package dev.vellum.examples.order;

import dev.vellum.serde.EventTypes;
import java.math.BigDecimal;
import java.time.Instant;

/** What happens to an order: the demo domain's events, with their stable type names. */
public sealed interface OrderEvent {

    /** The registry of the order events' stable type names. */
    EventTypes TYPES = EventTypes.builder()
            .register("OrderPlaced", OrderPlaced.class)
            .register("OrderConfirmed", OrderConfirmed.class)
            .build();

    /**
     * A customer placed an order.
     *
     * @param orderId the order
     * @param customer who ordered
     * @param amount the total
     * @param currency ISO 4217 code
     */
    record OrderPlaced(String orderId, String customer, BigDecimal amount, String currency) implements OrderEvent {
    }

    /**
     * The shop confirmed the order.
     *
     * @param orderId the order
     * @param confirmedAt when
     */
    record OrderConfirmed(String orderId, Instant confirmedAt) implements OrderEvent {
    }
}
