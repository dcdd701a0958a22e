package dev.vellum.process;

import dev.vellum.store.VellumException;

/** A process sent a command no route of its {@link CommandRouter} takes; nothing was sent. */
public final class UnroutableCommandException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message which command and what to add */
    public UnroutableCommandException(String message) {
        super(message);
    }
}
