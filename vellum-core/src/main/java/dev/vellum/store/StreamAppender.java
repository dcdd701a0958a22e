package dev.vellum.store;

import java.util.Arrays;
import java.util.List;

/** Writes events to one stream, atomically, under an expected revision. */
public interface StreamAppender {

    /** The most events one append may carry. */
    int MAX_EVENTS_PER_APPEND = 10_000;

    /**
     * Appends all {@code events} to {@code stream} or none of them. The revision check and the write
     * are one atomic step. Sending again events whose ids were all stored by one earlier append to
     * this stream, in the same order, stores nothing and returns that append's result.
     *
     * @return the revision and global position of the last event
     * @throws WrongExpectedRevisionException when the stream is not at {@code expected}
     * @throws StreamDeletedException when the stream was tombstoned
     * @throws IdempotencyConflictException when some ids were stored before but this is not a retry
     * @throws InvalidEventException when an event is malformed or too large, or the append is empty
     */
    AppendResult append(StreamId stream, ExpectedRevision expected, List<EventData> events);

    /** Varargs form of {@link #append(StreamId, ExpectedRevision, List)}. */
    default AppendResult append(StreamId stream, ExpectedRevision expected, EventData... events) {
        return append(stream, expected, Arrays.asList(events));
    }
}
