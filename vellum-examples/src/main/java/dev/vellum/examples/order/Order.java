package dev.vellum.examples.order;

import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.examples.order.OrderCommand.ConfirmOrder;
import dev.vellum.examples.order.OrderCommand.PlaceOrder;
import dev.vellum.examples.order.OrderEvent.OrderConfirmed;
import dev.vellum.examples.order.OrderEvent.OrderPlaced;
import java.math.BigDecimal;

/**
 * An order's state, and the order aggregate as a decider: an order is placed once, with an amount
 * above zero, and confirmed once, after it was placed.
 *
 * @param status where the order stands
 * @param customer who ordered, or {@code null} before it is placed
 * @param amount the total, zero before it is placed
 */
public record Order(Status status, String customer, BigDecimal amount) {

    /** Where an order stands. */
    public enum Status {
        /** Not placed yet. */
        NONE,
        /** Placed, waiting for confirmation. */
        PLACED,
        /** Confirmed. */
        CONFIRMED
    }

    /** The state before the first event. */
    public static final Order NONE = new Order(Status.NONE, null, BigDecimal.ZERO);

    /** The order aggregate. */
    public static final Decider<OrderCommand, Order, OrderEvent> DECIDER = Decider.of(NONE, Order::decide, Order::evolve);

    static Decision<OrderEvent> decide(OrderCommand command, Order order) {
        return switch (command) {
            case PlaceOrder p when order.status() != Status.NONE ->
                    Decision.reject("order-exists", "order " + p.orderId() + " was placed already");
            case PlaceOrder p when p.amount().signum() <= 0 ->
                    Decision.reject("invalid-amount", "an order needs an amount above zero, got " + p.amount());
            case PlaceOrder p -> Decision.accept(new OrderPlaced(p.orderId(), p.customer(), p.amount(), p.currency()));
            case ConfirmOrder c when order.status() == Status.NONE ->
                    Decision.reject("order-not-found", "there is no order " + c.orderId() + " to confirm");
            case ConfirmOrder c when order.status() == Status.CONFIRMED ->
                    Decision.reject("already-confirmed", "order " + c.orderId() + " was confirmed already");
            case ConfirmOrder c -> Decision.accept(new OrderConfirmed(c.orderId(), c.confirmedAt()));
        };
    }

    static Order evolve(Order order, OrderEvent event) {
        return switch (event) {
            case OrderPlaced p -> new Order(Status.PLACED, p.customer(), p.amount());
            case OrderConfirmed c -> new Order(Status.CONFIRMED, order.customer(), order.amount());
        };
    }
}
