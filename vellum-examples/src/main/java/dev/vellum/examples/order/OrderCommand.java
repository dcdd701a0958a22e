package dev.vellum.examples.order;

import java.math.BigDecimal;
import java.time.Instant;

/** What can be asked of an order. */
public sealed interface OrderCommand {

    /**
     * Place a new order.
     *
     * @param orderId the order
     * @param customer who orders
     * @param amount the total, above zero
     * @param currency ISO 4217 code
     */
    record PlaceOrder(String orderId, String customer, BigDecimal amount, String currency) implements OrderCommand {
    }

    /**
     * Confirm a placed order.
     *
     * @param orderId the order
     * @param confirmedAt when (commands carry the time, so deciding stays pure)
     */
    record ConfirmOrder(String orderId, Instant confirmedAt) implements OrderCommand {
    }
}
