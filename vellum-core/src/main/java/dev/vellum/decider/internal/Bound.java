package dev.vellum.decider.internal;

import dev.vellum.store.RecordedEvent;
import java.time.Instant;
import java.util.Objects;

/** How far a load folds a stream: to its end, up to a revision, or up to a point in time. */
public sealed interface Bound {

    /** To the end of the stream. */
    Bound LATEST = new Latest();

    /** True when {@code event} is within the bound; a load stops at the first event that is not. */
    boolean includes(RecordedEvent event);

    /** True when a snapshot at {@code revision} may stand in for the events up to it. */
    boolean allowsSnapshotAt(long revision);

    /** To the end of the stream. */
    record Latest() implements Bound {
        @Override
        public boolean includes(RecordedEvent event) {
            return true;
        }

        @Override
        public boolean allowsSnapshotAt(long revision) {
            return true;
        }
    }

    /**
     * Up to and including {@code revision}.
     *
     * @param revision the last revision folded
     */
    record UpToRevision(long revision) implements Bound {
        @Override
        public boolean includes(RecordedEvent event) {
            return event.revision() <= revision;
        }

        @Override
        public boolean allowsSnapshotAt(long snapshotRevision) {
            return snapshotRevision <= revision;
        }
    }

    /**
     * The events recorded at or before {@code time}. Snapshots do not record when their last
     * event was recorded, so this bound never uses one.
     *
     * @param time the point in time
     */
    record UpToTime(Instant time) implements Bound {
        /** Checks the time is there. */
        public UpToTime {
            Objects.requireNonNull(time, "time");
        }

        @Override
        public boolean includes(RecordedEvent event) {
            return !event.recordedAt().isAfter(time);
        }

        @Override
        public boolean allowsSnapshotAt(long revision) {
            return false;
        }
    }
}
