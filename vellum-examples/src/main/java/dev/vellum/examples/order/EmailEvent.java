package dev.vellum.examples.order;

import dev.vellum.serde.EventTypes;

/**
 * The recorded outcomes of order confirmation emails, in streams {@code confirmationemail-<order id>}
 * (beside the order's stream, so the order aggregate stays about orders).
 */
public sealed interface EmailEvent {

    /** The registry of the outcome events' type names. */
    EventTypes TYPES = EventTypes.builder()
            .register("ConfirmationEmailSent", ConfirmationEmailSent.class)
            .register("ConfirmationEmailFailed", ConfirmationEmailFailed.class)
            .build();

    /**
     * The mail provider accepted the email.
     *
     * @param orderId the order
     * @param to the customer
     * @param messageId the provider's id for the email
     */
    record ConfirmationEmailSent(String orderId, String to, String messageId) implements EmailEvent {
    }

    /**
     * The email could not be sent after every attempt.
     *
     * @param orderId the order
     * @param to the customer
     * @param error the last error
     */
    record ConfirmationEmailFailed(String orderId, String to, String error) implements EmailEvent {
    }
}
