package dev.vellum.store;

/** Deletes streams; see {@link Deletion} for the three kinds. */
public interface StreamDeleter {

    /**
     * Deletes {@code stream} as {@code deletion} says, if it is at {@code expected}.
     *
     * @throws WrongExpectedRevisionException when the stream is not at {@code expected}
     * @throws StreamDeletedException when the stream was already tombstoned
     * @throws InvalidDeletionException when truncating before a revision past the stream's end
     */
    void delete(StreamId stream, ExpectedRevision expected, Deletion deletion);
}
