package dev.vellum.store;

/**
 * An append or delete expected another revision than the stream has. Nothing was written. Reload
 * the stream, decide again with the fresh state, and retry with {@link #actualRevision()}.
 */
public final class WrongExpectedRevisionException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** The value of {@link #actualRevision()} when the stream does not exist. */
    public static final long NO_STREAM = -1;

    private final transient StreamId stream;
    private final transient ExpectedRevision expected;
    private final long actualRevision;

    /**
     * @param stream the stream
     * @param expected what the caller expected
     * @param actualRevision the stream's last revision, or {@link #NO_STREAM}
     */
    public WrongExpectedRevisionException(StreamId stream, ExpectedRevision expected, long actualRevision) {
        super("Stream '" + stream + "' was expected at revision " + expected + " but is "
                + (actualRevision == NO_STREAM ? "not there (no-stream)" : "at revision " + actualRevision)
                + ". Nothing was written: reload the stream and decide again.");
        this.stream = stream;
        this.expected = expected;
        this.actualRevision = actualRevision;
    }

    /** The stream that was written to. */
    public StreamId stream() {
        return stream;
    }

    /** What the caller expected. */
    public ExpectedRevision expected() {
        return expected;
    }

    /** The stream's last revision when the append was refused, or {@link #NO_STREAM}. */
    public long actualRevision() {
        return actualRevision;
    }
}
