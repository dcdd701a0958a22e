package dev.vellum.integration.webhook;

import dev.vellum.store.VellumException;

/**
 * A webhook did not accept a message within the sink's attempts, for reasons that may pass (the
 * receiver is down, busy or slow). The publisher sends the message again later.
 */
public final class WebhookDeliveryException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, how often, and the last answer */
    public WebhookDeliveryException(String message) {
        super(message);
    }
}
