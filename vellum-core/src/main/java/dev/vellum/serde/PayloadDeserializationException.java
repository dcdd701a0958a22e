package dev.vellum.serde;

import dev.vellum.store.VellumException;

/**
 * A payload kept as text (an effect's, a timer's) could not be read as the record asked for: it is
 * malformed, JSON {@code null}, or does not fit the record (written by other code, or before the
 * record changed incompatibly). Nothing was changed; the payload stays as it is, readable as text.
 */
public final class PayloadDeserializationException extends VellumException {
    private static final long serialVersionUID = 1L;

    /**
     * @param typeName the registered type name it was read as
     * @param reason what is wrong with it
     * @param cause Jackson's error, or {@code null}
     */
    public PayloadDeserializationException(String typeName, String reason, Throwable cause) {
        super("Cannot read the payload as '" + typeName + "': " + reason + ". Read it as text (payload()) to see"
                + " what it holds, and keep the record able to read payloads written before it changed.", cause);
    }
}
