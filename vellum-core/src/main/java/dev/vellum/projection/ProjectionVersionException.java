package dev.vellum.projection;

/**
 * A projection cannot start at this version: an older version than the one serving queries, or a
 * version that is already running. Nothing was started.
 */
public final class ProjectionVersionException extends ProjectionException {
    private static final long serialVersionUID = 1L;

    /** @param message what clashes and what to do */
    public ProjectionVersionException(String message) {
        super(message);
    }
}
