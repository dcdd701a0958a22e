package dev.vellum.examples.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.Decision;
import dev.vellum.examples.order.OrderCommand.ConfirmOrder;
import dev.vellum.examples.order.OrderCommand.PlaceOrder;
import dev.vellum.examples.order.OrderEvent.OrderConfirmed;
import dev.vellum.examples.order.OrderEvent.OrderPlaced;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order decider's rules, as pure functions: no store needed. */
class OrderTest {

    private final PlaceOrder place = new PlaceOrder("o1", "ada", new BigDecimal("25.00"), "EUR");
    private final Instant now = Instant.parse("2025-03-01T10:00:00Z");
    private final Order placed = Order.DECIDER.fold(Order.NONE,
            List.of(new OrderPlaced("o1", "ada", new BigDecimal("25.00"), "EUR")));

    @Test
    void anOrderIsPlacedOnceWithAPositiveAmount() {
        assertThat(Order.DECIDER.decide(place, Order.NONE))
                .isEqualTo(Decision.accept(new OrderPlaced("o1", "ada", new BigDecimal("25.00"), "EUR")));
        assertThat(Order.DECIDER.decide(place, placed)).isEqualTo(Decision.reject("order-exists", "order o1 was placed already"));
        assertThat(Order.DECIDER.decide(new PlaceOrder("o1", "ada", BigDecimal.ZERO, "EUR"), Order.NONE))
                .isInstanceOf(Decision.Rejection.class).extracting("code").isEqualTo("invalid-amount");
    }

    @Test
    void anOrderIsConfirmedOnceAfterItWasPlaced() {
        ConfirmOrder confirm = new ConfirmOrder("o1", now);
        assertThat(Order.DECIDER.decide(confirm, Order.NONE)).extracting("code").isEqualTo("order-not-found");
        assertThat(Order.DECIDER.decide(confirm, placed)).isEqualTo(Decision.accept(new OrderConfirmed("o1", now)));
        Order confirmed = Order.DECIDER.evolve(placed, new OrderConfirmed("o1", now));
        assertThat(confirmed).isEqualTo(new Order(Order.Status.CONFIRMED, "ada", new BigDecimal("25.00")));
        assertThat(Order.DECIDER.decide(confirm, confirmed)).extracting("code").isEqualTo("already-confirmed");
    }
}
