package dev.vellum.store;

/**
 * The name given to a projection, reactor, process manager or integration publisher broke the one
 * rule for such names: 1-80 letters, digits, {@code _}, {@code -} or {@code .}. Nothing was built.
 */
public final class InvalidNameException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do */
    public InvalidNameException(String message) {
        super(message);
    }
}
