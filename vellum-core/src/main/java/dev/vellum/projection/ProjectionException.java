package dev.vellum.projection;

import dev.vellum.store.VellumException;

/** The root of the errors projections raise on purpose; the message says what to do. */
public class ProjectionException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to do */
    public ProjectionException(String message) {
        super(message);
    }

    /** @param message what happened and what to do @param cause the underlying error */
    public ProjectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
