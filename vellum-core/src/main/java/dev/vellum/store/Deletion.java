package dev.vellum.store;

/**
 * How to delete a stream. Deletions hide events from stream reads; the global log keeps its
 * history (projections rebuilt from zero see the same log), so positions are never reused.
 */
public sealed interface Deletion {

    /**
     * Soft delete: the stream reads as not existing until it is written again; it can be written
     * again with expected revision {@code no-stream}, its revisions continuing after the old ones,
     * and reads then start after the deletion.
     */
    static Deletion soft() {
        return Soft.INSTANCE;
    }

    /** Tombstone: the stream can never be read or written again; both raise {@link StreamDeletedException}. */
    static Deletion tombstone() {
        return Tombstone.INSTANCE;
    }

    /**
     * Truncate: stream reads start at {@code revision}; earlier events are hidden from them. The
     * revision may be at most one past the stream's last revision (which hides every event so far);
     * one further would hide later appends too, so the store refuses it with
     * {@link InvalidDeletionException}.
     */
    static Deletion truncateBefore(long revision) {
        return new TruncateBefore(revision);
    }

    /** See {@link #soft()}. */
    enum Soft implements Deletion {
        /** The only value. */
        INSTANCE
    }

    /** See {@link #tombstone()}. */
    enum Tombstone implements Deletion {
        /** The only value. */
        INSTANCE
    }

    /**
     * See {@link #truncateBefore(long)}.
     *
     * @param revision the first revision stream reads still return, 0 or more
     */
    record TruncateBefore(long revision) implements Deletion {
        /** @throws IllegalArgumentException when negative */
        public TruncateBefore {
            if (revision < 0) {
                throw new IllegalArgumentException("truncate-before needs a revision of 0 or more, got " + revision);
            }
        }
    }
}
