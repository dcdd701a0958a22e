package dev.vellum.timer;

import dev.vellum.store.VellumException;

/** A timer, or a request about one, breaks a rule; nothing was stored. The message says which. */
public final class InvalidTimerException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do */
    public InvalidTimerException(String message) {
        super(message);
    }
}
