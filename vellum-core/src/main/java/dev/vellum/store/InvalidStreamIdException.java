package dev.vellum.store;

/** A stream name broke one of the rules of {@link StreamId}. Nothing was read or written. */
public final class InvalidStreamIdException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param name the rejected name (shortened or cleaned for display) @param reason why */
    public InvalidStreamIdException(String name, String reason) {
        super("Invalid stream name '" + name + "': " + reason
                + ". A stream name is 1-" + StreamId.MAX_LENGTH
                + " characters, without control or invisible characters, spaces other than U+0020, surrounding"
                + " white space or a leading '-', e.g. 'order-42'.");
    }
}
