package dev.vellum.store;

/**
 * An event to append was malformed: a bad type name, malformed JSON, a duplicated id, an empty or
 * oversized append. Nothing of the append was written.
 */
public class InvalidEventException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public InvalidEventException(String message) {
        super(message);
    }

    /** @param message what is wrong and how to fix it @param cause the parser's error */
    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
