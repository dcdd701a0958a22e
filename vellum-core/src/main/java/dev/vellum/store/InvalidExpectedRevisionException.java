package dev.vellum.store;

/** An expected revision was neither {@code any}, {@code no-stream}, {@code exists} nor a revision of 0 or more. */
public final class InvalidExpectedRevisionException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param text the rejected form */
    public InvalidExpectedRevisionException(String text) {
        super("Invalid expected revision '" + text
                + "': use 'any', 'no-stream', 'exists' or a revision number of 0 or more.");
    }
}
