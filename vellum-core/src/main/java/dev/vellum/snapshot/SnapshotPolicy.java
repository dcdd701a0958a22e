package dev.vellum.snapshot;

/**
 * When a command handler takes a snapshot: {@link #none()}, or {@link #every(int)} so many events.
 * A snapshot is taken right after the append of an accepted command that makes it due.
 */
public sealed interface SnapshotPolicy {

    /** Never take snapshots; loads fold the whole stream. */
    static SnapshotPolicy none() {
        return None.INSTANCE;
    }

    /** Take one when at least {@code events} events were appended since the last usable one. */
    static SnapshotPolicy every(int events) {
        return new Every(events);
    }

    /**
     * True when a snapshot is due at {@code revision}.
     *
     * @param snapshotRevision the revision of the usable snapshot the state was loaded from, or -1
     *     when there was none (none kept, or one that did not fit: it gets replaced)
     * @param revision the stream's revision after the append
     */
    boolean isDue(long snapshotRevision, long revision);

    /** See {@link #none()}. */
    enum None implements SnapshotPolicy {
        /** The only value. */
        INSTANCE;

        @Override
        public boolean isDue(long snapshotRevision, long revision) {
            return false;
        }
    }

    /**
     * See {@link #every(int)}.
     *
     * @param events how many events between snapshots, 1 or more
     */
    record Every(int events) implements SnapshotPolicy {
        /** @throws IllegalArgumentException when below 1 */
        public Every {
            if (events < 1) {
                throw new IllegalArgumentException("A snapshot every " + events + " events: use 1 or more");
            }
        }

        @Override
        public boolean isDue(long snapshotRevision, long revision) {
            return revision - snapshotRevision >= events;
        }
    }
}
