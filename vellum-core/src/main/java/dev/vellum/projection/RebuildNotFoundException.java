package dev.vellum.projection;

/**
 * A rebuild was to be cancelled, but none of that projection version runs: none was started, it took
 * over already (the rebuilt generation serves queries), or the version is itself a new version building
 * beside an older one, which its code started, not an operator. Nothing changed; the message says which.
 */
public final class RebuildNotFoundException extends ProjectionException {
    private static final long serialVersionUID = 1L;

    /** @param message which of these it is, and what to do */
    public RebuildNotFoundException(String message) {
        super(message);
    }
}
