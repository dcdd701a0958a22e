package dev.vellum.store;

/**
 * A deletion that could never do what it says, such as truncating a stream before a revision it has
 * not reached (later appends would be stored but never shown). Nothing was changed.
 */
public final class InvalidDeletionException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do */
    public InvalidDeletionException(String message) {
        super(message);
    }
}
