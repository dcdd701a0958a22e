package dev.vellum.worker;

import dev.vellum.store.VellumException;

/** An operator action is malformed (a missing actor, a missing or unreadable target); nothing changed. */
public class InvalidOperatorActionException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public InvalidOperatorActionException(String message) {
        super(message);
    }
}
