package dev.vellum.store;

/**
 * The events of one append together exceed {@link StreamAppender#MAX_APPEND_BYTES} (data plus
 * metadata, UTF-8), although each is within {@link EventData#MAX_SIZE_BYTES}. Nothing was written.
 */
public final class AppendTooLargeException extends InvalidEventException {
    private static final long serialVersionUID = 1L;

    private final long sizeBytes;

    /** @param stream the stream appended to @param sizeBytes the append's size in UTF-8 bytes */
    public AppendTooLargeException(StreamId stream, long sizeBytes) {
        super("The append to '" + stream + "' is " + sizeBytes + " bytes (data plus metadata of its events, UTF-8), "
                + "more than the limit of " + StreamAppender.MAX_APPEND_BYTES + " for one append. Split it into "
                + "several appends, or store large payloads elsewhere and put a reference in the events.");
        this.sizeBytes = sizeBytes;
    }

    /** The rejected append's size in bytes. */
    public long sizeBytes() {
        return sizeBytes;
    }
}
