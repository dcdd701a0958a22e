package dev.vellum.snapshot;

import dev.vellum.store.VellumException;

/** A state could not be written as JSON for a snapshot, or read back from one. */
public final class StateFormatException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to do @param cause Jackson's error, or {@code null} */
    public StateFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
