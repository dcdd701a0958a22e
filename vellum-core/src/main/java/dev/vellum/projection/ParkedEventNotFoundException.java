package dev.vellum.projection;

import dev.vellum.store.Position;

/** No event is parked at that position for that projection: it was never parked, or was retried or skipped. */
public final class ParkedEventNotFoundException extends ProjectionException {
    private static final long serialVersionUID = 1L;

    /** @param projection the projection @param position the position asked for */
    public ParkedEventNotFoundException(ProjectionId projection, Position position) {
        super("Projection '" + projection + "' has no parked event at position " + position
                + ": list its parked events to see which are there (it may have been retried or skipped already).");
    }
}
