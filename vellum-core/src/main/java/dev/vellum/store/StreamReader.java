package dev.vellum.store;

import java.util.ArrayList;
import java.util.List;

/** Reads the events of one stream. */
public interface StreamReader {

    /** Use as {@code fromRevision} to read backwards from the last event. */
    long END = Long.MAX_VALUE;

    /** The page size the conveniences use. */
    int PAGE_SIZE = 1_000;

    /**
     * Reads up to {@code limit} events of {@code stream} starting at {@code fromRevision} (inclusive),
     * going {@code direction}. Events hidden by a deletion are skipped. A page shorter than
     * {@code limit} means the read reached the end (or the start, backwards).
     *
     * @throws StreamNotFoundException when the stream does not exist (never written, or soft-deleted);
     *     a stream whose events were all truncated away exists and reads as an empty page
     * @throws StreamDeletedException when the stream was tombstoned
     * @throws IllegalArgumentException when {@code limit} is not positive or {@code fromRevision} negative
     */
    List<RecordedEvent> readStream(StreamId stream, ReadDirection direction, long fromRevision, int limit);

    /** All readable events of {@code stream}, oldest first, paging through it. */
    default List<RecordedEvent> readStream(StreamId stream) {
        return readStreamFrom(stream, 0);
    }

    /** The readable events of {@code stream} from {@code fromRevision} on, oldest first. */
    default List<RecordedEvent> readStreamFrom(StreamId stream, long fromRevision) {
        List<RecordedEvent> all = new ArrayList<>();
        long next = fromRevision;
        while (true) {
            List<RecordedEvent> page = readStream(stream, ReadDirection.FORWARDS, next, PAGE_SIZE);
            all.addAll(page);
            if (page.size() < PAGE_SIZE) {
                return all;
            }
            next = page.getLast().revision() + 1;
        }
    }
}
