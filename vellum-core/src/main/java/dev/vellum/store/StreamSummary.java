package dev.vellum.store;

/**
 * One stream as {@link StreamCatalog#listStreams} lists it.
 *
 * @param stream its name
 * @param lastRevision the revision of the last event ever appended to it
 * @param readableFrom the first revision stream reads return (raised by truncation and deletion)
 * @param status whether it can be read
 */
public record StreamSummary(StreamId stream, long lastRevision, long readableFrom, Status status) {

    /** Whether a stream can be read and written. */
    public enum Status {
        /** Readable and writable. */
        ACTIVE,
        /** Soft-deleted: reads as not existing until it is written again. */
        DELETED,
        /** Tombstoned: never readable or writable again. */
        TOMBSTONED
    }

    /** How many events stream reads return now: 0 unless {@link Status#ACTIVE}. */
    public long readableEvents() {
        return status == Status.ACTIVE ? Math.max(0, lastRevision + 1 - readableFrom) : 0;
    }
}
