package dev.vellum.projection;

/**
 * A rebuild of a projection version was refused: the version is not live and serving queries (it is
 * catching up, paused, stopped, failed, or a newer version builds beside it), or a rebuild of it
 * already runs. Nothing changed; the message says what to wait for.
 */
public final class ProjectionRebuildException extends ProjectionException {
    private static final long serialVersionUID = 1L;

    /** @param message why it was refused and what to do */
    public ProjectionRebuildException(String message) {
        super(message);
    }
}
