package dev.vellum.bench.order;

import dev.vellum.store.ExpectedRevision;
import java.util.concurrent.atomic.AtomicLong;

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

    /** Moves to the next event: the next revision of this stream, or revision 0 of a new one. */
    public void advance() {
        revision++;
        if (revision >= EVENTS_PER_STREAM) {
            stream = streams.incrementAndGet();
            revision = 0;
        }
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
}
