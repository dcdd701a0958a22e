package dev.vellum.bench.order;

import dev.vellum.bench.scenario.Operation;
import dev.vellum.store.ExpectedRevision;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Walks one worker through its streams: {@link #EVENTS_PER_STREAM} single-event appends to a
 * stream (the first expecting no stream, the others the exact revision before), then on to a
 * stream number no other worker has. Vellum's concurrent writers and the raw single baseline
 * write the same pattern of streams and revisions through it.
 */
public final class StreamCursor {

    /** How many events each stream gets before the worker moves on. */
    public static final int EVENTS_PER_STREAM = 10;

    private final AtomicLong streams;
    private long stream;
    private long revision = EVENTS_PER_STREAM;

    /** A cursor taking new stream numbers from {@code streams}, shared by all workers of a run. */
    public StreamCursor(AtomicLong streams) {
        this.streams = streams;
    }

    /**
     * The operations of one run's workers, each given a cursor of its own when the runner asks for
     * its operation, all taking new stream numbers from one counter: the client loop of the
     * concurrent writers on both sides.
     */
    public static IntFunction<Operation> perWorker(Walk walk) {
        AtomicLong streams = new AtomicLong();
        return thread -> walk.operation(thread, new StreamCursor(streams));
    }

    /** Moves to the next event: the next revision of this stream, or revision 0 of a new one. */
    public void advance() {
        revision++;
        if (revision >= EVENTS_PER_STREAM) {
            stream = streams.incrementAndGet();
            revision = 0;
        }
    }

    /**
     * The stream of a client's next command: with {@code hot} 0 the stream of this cursor's next
     * event (the cursor advances), else hot aggregate {@code 1 + thread % hot}, which all clients share
     * (the cursor stays).
     */
    public String nextCommandStream(int thread, int hot) {
        if (hot == 0) {
            advance();
            return streamName();
        }
        return OrderEvents.streamName(1 + thread % hot);
    }

    /** The name of the current stream. */
    public String streamName() {
        return OrderEvents.streamName(stream);
    }

    /** What an append of the current event expects: no stream for revision 0, else the revision before. */
    public ExpectedRevision expected() {
        return revision == 0 ? ExpectedRevision.noStream() : ExpectedRevision.exactly(revision - 1);
    }

    /** The revision of the current event; 0 means the stream is new. */
    public long revision() {
        return revision;
    }

    /** Makes one worker's operation from its thread number and its own cursor. */
    @FunctionalInterface
    public interface Walk {

        /** The operation of worker {@code thread} (0-based), walking {@code cursor}. */
        Operation operation(int thread, StreamCursor cursor);
    }
}
