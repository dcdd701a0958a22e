package dev.vellum.projection;

import dev.vellum.store.RecordedEvent;

/**
 * A projection's handler failed on an event: an inline projection that fails its append, or a
 * parked event that failed again when retried. The cause is the handler's error.
 */
public final class ProjectionHandlerException extends ProjectionException {
    private static final long serialVersionUID = 1L;

    private final transient ProjectionId projection;
    private final transient RecordedEvent event;

    /**
     * @param projection the projection
     * @param event the event it failed on
     * @param consequence what this means for the caller, e.g. "Nothing of the append was written."
     * @param cause the handler's error
     */
    public ProjectionHandlerException(ProjectionId projection, RecordedEvent event, String consequence, Throwable cause) {
        super("Projection '" + projection + "' failed on the " + event.type() + " event at position "
                + event.position() + " (stream '" + event.stream() + "', revision " + event.revision() + "): "
                + cause + ". " + consequence, cause);
        this.projection = projection;
        this.event = event;
    }

    /** The projection whose handler failed. */
    public ProjectionId projection() {
        return projection;
    }

    /** The event it failed on. */
    public RecordedEvent event() {
        return event;
    }
}
