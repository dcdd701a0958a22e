package dev.vellum.store;

/** The stream was tombstoned: it can never be read or written again under this name. */
public final class StreamDeletedException extends VellumException {
    private static final long serialVersionUID = 1L;

    private final transient StreamId stream;

    /** @param stream the tombstoned stream */
    public StreamDeletedException(StreamId stream) {
        super("Stream '" + stream + "' was permanently deleted (tombstoned) and cannot be read or written. "
                + "Use a new stream name.");
        this.stream = stream;
    }

    /** The tombstoned stream. */
    public StreamDeletedException(StreamId stream, String detail) {
        super("Stream '" + stream + "' was permanently deleted (tombstoned): " + detail);
        this.stream = stream;
    }

    /** The tombstoned stream. */
    public StreamId stream() {
        return stream;
    }
}
