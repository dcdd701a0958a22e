package dev.vellum.postgres;

import dev.vellum.store.VellumException;

/**
 * The store's tables are missing or at another version than this Vellum uses, or the server cannot
 * hold them (too old, not UTF-8). The store did not open; the message says what to do.
 */
public final class SchemaValidationException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do */
    public SchemaValidationException(String message) {
        super(message);
    }
}
