package dev.vellum.reactor;

import dev.vellum.store.VellumException;

/** A reactor's definition is incomplete or invalid; the message says what to add or change. */
public final class InvalidReactorException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do */
    public InvalidReactorException(String message) {
        super(message);
    }
}
