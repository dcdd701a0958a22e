package dev.vellum.retry;

import dev.vellum.store.VellumException;

/** {@link Retries} were given values out of range; the message says which and what fits. */
public final class InvalidRetriesException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do */
    public InvalidRetriesException(String message) {
        super(message);
    }
}
