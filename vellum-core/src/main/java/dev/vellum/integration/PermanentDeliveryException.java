package dev.vellum.integration;

import dev.vellum.store.VellumException;
import dev.vellum.time.PermanentFailure;

/**
 * A sink says that delivering a message cannot succeed however often it is tried, e.g. a webhook
 * answered 400 or 401. The publisher stops rather than skip the message (that would break the order
 * per key); fix the cause (a schema, a secret) and start it again. It is a {@link PermanentFailure}:
 * the publisher stops at once, without retrying.
 */
public class PermanentDeliveryException extends VellumException implements PermanentFailure {
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
