package dev.vellum.server.alerts;

import dev.vellum.store.VellumException;

/** A notifier could not deliver an alert within its attempts; the alert is logged and given up for it. */
public final class AlertDeliveryException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message which alert, where, how often, and the last answer */
    public AlertDeliveryException(String message) {
        super(message);
    }
}
