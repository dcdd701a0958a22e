package dev.vellum.store;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Writes events to one stream, atomically, under an expected revision. */
public interface StreamAppender {

    /** The most events one append may carry. */
    int MAX_EVENTS_PER_APPEND = 10_000;

    /**
     * The most bytes one append may carry, its events' data and metadata together in UTF-8: 64 MiB,
     * so that one append always fits what a store sends in one statement (PostgreSQL refuses a
     * message over 1 GiB); every store checks it before writing.
     */
    long MAX_APPEND_BYTES = 64L << 20;

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
     *     or too large ({@link AppendTooLargeException})
     */
    AppendResult append(StreamId stream, ExpectedRevision expected, List<EventData> events);

    /**
     * {@link #append(StreamId, ExpectedRevision, List)} without waiting for it: the future completes
     * with the same result once the append has committed, or exceptionally with the same typed
     * exception the blocking call would have thrown (bad input included; nothing is thrown here).
     * Many appends can so be in flight from one thread and share commits, with no thread parked per
     * append.
     *
     * <p>Appends queued one after another by one thread are written in that order (in every Vellum
     * store with one writer, the default), so an append may expect the revision that an earlier one,
     * not yet completed, will produce; if the earlier one fails, the later one fails on its expected
     * revision, and writes nothing. Actions chained on the future never run on the store's writer
     * thread, so they may use the store, blocking or not. The Vellum stores that have a writer queue
     * the append there and return at once (waiting only while their write queue is full); this
     * default, for stores that write on the caller's thread, appends before returning.
     */
    default CompletableFuture<AppendResult> appendAsync(StreamId stream, ExpectedRevision expected,
            List<EventData> events) {
        try {
            return CompletableFuture.completedFuture(append(stream, expected, events));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Varargs form of {@link #append(StreamId, ExpectedRevision, List)}. */
    default AppendResult append(StreamId stream, ExpectedRevision expected, EventData... events) {
        return append(stream, expected, Arrays.asList(events));
    }
}
