package dev.vellum.store;

/** The root of every error Vellum raises on purpose. Its message says what happened and what to do. */
public class VellumException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to do */
    public VellumException(String message) {
        super(message);
    }

    /** @param message what happened and what to do @param cause the underlying error */
    public VellumException(String message, Throwable cause) {
        super(message, cause);
    }
}
