package dev.vellum.bench.order;

import java.math.BigDecimal;

/**
 * The Java form of the benchmark event, what the read scenario deserializes each event into.
 *
 * @param orderId the order's id
 * @param amount the order's total
 * @param currency an ISO 4217 code
 * @param customer the customer's name
 */
public record OrderPlaced(String orderId, BigDecimal amount, String currency, String customer) {
}
