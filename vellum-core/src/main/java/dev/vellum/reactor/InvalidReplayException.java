package dev.vellum.reactor;

import dev.vellum.store.VellumException;

/** A replay that cannot be done as asked (from past the reactor's checkpoint, or after it closed). Nothing was changed. */
public final class InvalidReplayException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do */
    public InvalidReplayException(String message) {
        super(message);
    }
}
