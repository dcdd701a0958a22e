package dev.vellum.store;

import dev.vellum.time.TransientFailure;

/**
 * An append that is known not to be stored: it failed before its commit was sent, or its transaction
 * was rolled back. Nothing of it was written, so it can be retried freely (with the same event ids or
 * new ones).
 */
public class AppendNotStoredException extends VellumException implements TransientFailure {
    private static final long serialVersionUID = 1L;

    /** @param message why it was not stored and what to do @param cause the underlying error */
    public AppendNotStoredException(String message, Throwable cause) {
        super(message, cause);
    }
}
