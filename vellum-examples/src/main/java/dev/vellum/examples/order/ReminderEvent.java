package dev.vellum.examples.order;

import java.time.Instant;

/** The events of the order-reminder process, in streams {@code orderreminder-<order id>}. */
public sealed interface ReminderEvent {

    /** An order was placed: its customer is reminded at {@code due} unless it is confirmed first. */
    record ReminderScheduled(String orderId, String customer, Instant due) implements ReminderEvent {
    }

    /** The order was confirmed before the reminder was due: no reminder. */
    record ReminderCancelled(String orderId) implements ReminderEvent {
    }

    /** Still unconfirmed at the due time: the customer is reminded (a mail reactor would take it from here). */
    record CustomerReminded(String orderId, String customer) implements ReminderEvent {
    }
}
