package dev.vellum.projection;

import dev.vellum.store.Position;

/**
 * Nothing is parked at that position for that worker: it was never parked, or was retried or skipped
 * already; nothing changed. A projection throws it for its parked events; workers of other kinds that
 * park work under the worker model's {@code RETRY_PARKED} and {@code SKIP_PARKED} (vellum-kafka's inbox,
 * for the records it parks) throw a subclass of it, so a caller (the HTTP API's 404) handles them alike.
 */
public class ParkedEventNotFoundException extends ProjectionException {
    private static final long serialVersionUID = 1L;

    /** @param projection the projection @param position the position asked for */
    public ParkedEventNotFoundException(ProjectionId projection, Position position) {
        super("Projection '" + projection + "' has no parked event at position " + position
                + ": list its parked events to see which are there (it may have been retried or skipped already).");
    }

    /** For another kind of worker's parked work: @param message which worker, which position, and what to do */
    protected ParkedEventNotFoundException(String message) {
        super(message);
    }
}
