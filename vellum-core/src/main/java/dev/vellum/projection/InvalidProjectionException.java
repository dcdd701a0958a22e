package dev.vellum.projection;

/**
 * A projection's definition does not hold together: a bad name or version, a bad table name, an
 * option out of range. Raised when the projection is built or started; nothing ran.
 */
public final class InvalidProjectionException extends ProjectionException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public InvalidProjectionException(String message) {
        super(message);
    }
}
