package dev.vellum.examples.order;

import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.examples.order.OrderEvent.OrderConfirmed;
import dev.vellum.examples.order.OrderEvent.OrderPlaced;
import dev.vellum.examples.order.ReminderEvent.CustomerReminded;
import dev.vellum.examples.order.ReminderEvent.ReminderCancelled;
import dev.vellum.examples.order.ReminderEvent.ReminderScheduled;
import dev.vellum.process.ProcessAction;
import dev.vellum.process.ProcessInput;
import dev.vellum.process.ProcessManager;
import dev.vellum.serde.EventTypes;
import dev.vellum.time.VellumClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code orderreminder} process manager of the demo: "remind the customer of an order that is
 * still not confirmed some time after it was placed". Each order is an instance: its
 * {@code OrderPlaced} sets a durable timer {@code remind} at the time the order was recorded plus
 * the delay; its {@code OrderConfirmed} cancels it; the timer firing on an unconfirmed order records
 * {@link CustomerReminded}. The Processes &amp; timers page of the console shows the instances, their
 * history and their timers due, fired and cancelled.
 *
 * @param status where the order's reminder stands
 * @param customer who ordered, once known
 */
public record OrderReminder(Status status, String customer) {

    /** The process manager's name, and the category of its streams. */
    public static final String PROCESS = "orderreminder";

    /** The timer that brings the reminder due. */
    static final String REMIND_TIMER = "remind";

    /** Every event type the process reads or writes. */
    public static final EventTypes TYPES = EventTypes.builder()
            .register("OrderPlaced", OrderPlaced.class)
            .register("OrderConfirmed", OrderConfirmed.class)
            .register("ReminderScheduled", ReminderScheduled.class)
            .register("ReminderCancelled", ReminderCancelled.class)
            .register("CustomerReminded", CustomerReminded.class)
            .build();

    /** Where an order's reminder stands. */
    public enum Status {
        /** Nothing seen yet. */
        NONE,
        /** Placed, not confirmed: the reminder is due at its time. */
        WAITING,
        /** Confirmed before the reminder was due. */
        CANCELLED,
        /** Reminded. */
        REMINDED
    }

    /** Before anything happened. */
    public static final OrderReminder NONE = new OrderReminder(Status.NONE, null);

    /** The process manager, reminding {@code after} an order was placed and reading the log from its start. */
    public static ProcessManager<OrderReminder, ReminderEvent> processManager(Duration after, VellumClock clock) {
        return ProcessManager.<OrderReminder, ReminderEvent>builder(PROCESS, TYPES, ReminderEvent.class)
                .handles("OrderPlaced", "OrderConfirmed")
                .categories("order")
                .correlate((event, recorded) -> switch (event) {
                    case OrderPlaced p -> Optional.of(p.orderId());
                    case OrderConfirmed c -> Optional.of(c.orderId());
                    default -> Optional.empty();
                })
                .decider(decider(after))
                .actions(OrderReminder::actions)
                .clock(clock)
                .startFromBeginning()
                .build();
    }

    /** The process's decider over its inputs, reminding {@code after} the order was recorded. */
    static Decider<ProcessInput, OrderReminder, ReminderEvent> decider(Duration after) {
        return Decider.of(NONE, (input, state) -> decide(input, state, after), OrderReminder::evolve);
    }

    private static Decision<ReminderEvent> decide(ProcessInput input, OrderReminder state, Duration after) {
        return switch (input) {
            case ProcessInput.Observed(OrderPlaced p, var recorded) when state.status == Status.NONE ->
                    Decision.accept(new ReminderScheduled(p.orderId(), p.customer(), recorded.recordedAt().plus(after)));
            case ProcessInput.Observed(OrderConfirmed c, var recorded) when state.status == Status.WAITING ->
                    Decision.accept(new ReminderCancelled(c.orderId()));
            case ProcessInput.TimerFired fired when fired.name().equals(REMIND_TIMER) && state.status == Status.WAITING ->
                    Decision.accept(new CustomerReminded(fired.payload(), state.customer));
            default -> Decision.reject("not-applicable", "the reminder is " + state.status + "; nothing to do");
        };
    }

    private static OrderReminder evolve(OrderReminder state, ReminderEvent event) {
        return switch (event) {
            case ReminderScheduled s -> new OrderReminder(Status.WAITING, s.customer());
            case ReminderCancelled c -> new OrderReminder(Status.CANCELLED, state.customer);
            case CustomerReminded r -> new OrderReminder(Status.REMINDED, state.customer);
        };
    }

    /** What the process does after each of its events: set the reminder's timer, or cancel it. */
    private static List<ProcessAction> actions(ReminderEvent event) {
        return switch (event) {
            case ReminderScheduled s -> List.of(ProcessAction.schedule(REMIND_TIMER, s.due(), s.orderId()));
            case ReminderCancelled c -> List.of(ProcessAction.cancel(REMIND_TIMER));
            case CustomerReminded r -> List.of();
        };
    }
}
