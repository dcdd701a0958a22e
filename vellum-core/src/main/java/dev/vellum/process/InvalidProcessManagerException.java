package dev.vellum.process;

import dev.vellum.store.VellumException;

/** A process manager's definition is incomplete or invalid; the message says what to add or change. */
public final class InvalidProcessManagerException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do */
    public InvalidProcessManagerException(String message) {
        super(message);
    }
}
