package dev.vellum.integration;

import dev.vellum.store.VellumException;

/**
 * A sink says that delivering a message cannot succeed however often it is tried, e.g. a webhook
 * answered 400 or 401. The publisher stops rather than skip the message (that would break the order
 * per key); fix the cause (a schema, a secret) and start it again.
 */
public class PermanentDeliveryException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what the receiver said and what to do */
    public PermanentDeliveryException(String message) {
        super(message);
    }

    /** @param message what the receiver said and what to do @param cause the sink's underlying error */
    public PermanentDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
