package dev.vellum.store;

/** A read named a stream that has no events: never written, or soft-deleted with nothing written since. */
public final class StreamNotFoundException extends VellumException {
    private static final long serialVersionUID = 1L;

    private final transient StreamId stream;

    /** @param stream the missing stream */
    public StreamNotFoundException(StreamId stream) {
        super("Stream '" + stream + "' does not exist (never written, or deleted). Check the name, "
                + "or append to it with expected revision no-stream to create it.");
        this.stream = stream;
    }

    /** The missing stream. */
    public StreamId stream() {
        return stream;
    }
}
