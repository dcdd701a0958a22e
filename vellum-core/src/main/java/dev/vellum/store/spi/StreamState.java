package dev.vellum.store.spi;

import dev.vellum.store.Deletion;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.InvalidDeletionException;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.store.StreamSummary;
import dev.vellum.store.WrongExpectedRevisionException;

/**
 * What a store knows of one stream, and the rules every store applies to it, so that all stores
 * agree on expected revisions and deletions.
 *
 * @param lastRevision the revision of the last event ever appended, or -1
 * @param readableFrom the first revision stream reads return (raised by deletions)
 * @param softDeleted true after a soft delete until the next append
 * @param tombstoned true after a tombstone, for ever
 */
public record StreamState(long lastRevision, long readableFrom, boolean softDeleted, boolean tombstoned) {

    /** A stream never written. */
    public static final StreamState NEW = new StreamState(-1, 0, false, false);

    /** True when the stream counts as existing: written, and not soft-deleted since. */
    public boolean exists() {
        return lastRevision >= 0 && !softDeleted;
    }

    /** The revision reported to callers: the last one, or {@link WrongExpectedRevisionException#NO_STREAM}. */
    public long actualRevision() {
        return exists() ? lastRevision : WrongExpectedRevisionException.NO_STREAM;
    }

    /**
     * Checks an expected revision against this state.
     *
     * @throws StreamDeletedException when tombstoned
     * @throws WrongExpectedRevisionException when it does not hold
     */
    public void check(StreamId stream, ExpectedRevision expected) {
        if (tombstoned) {
            throw new StreamDeletedException(stream);
        }
        boolean ok = switch (expected) {
            case ExpectedRevision.Any any -> true;
            case ExpectedRevision.NoStream none -> !exists();
            case ExpectedRevision.Exists e -> exists();
            case ExpectedRevision.Exact exact -> exists() && lastRevision == exact.revision();
        };
        if (!ok) {
            throw new WrongExpectedRevisionException(stream, expected, actualRevision());
        }
    }

    /** Checks that stream reads may go on: not tombstoned, and existing. */
    public void checkReadable(StreamId stream) {
        if (tombstoned) {
            throw new StreamDeletedException(stream);
        }
        if (!exists()) {
            throw new StreamNotFoundException(stream);
        }
    }

    /** The state after appending {@code count} events. */
    public StreamState afterAppend(int count) {
        return new StreamState(lastRevision + count, readableFrom, false, false);
    }

    /**
     * The state after {@code deletion}, once {@link #check} passed.
     *
     * @throws StreamNotFoundException when a soft delete or truncate names a stream that does not exist
     * @throws InvalidDeletionException when a truncate names a revision past the stream's end
     */
    public StreamState after(StreamId stream, Deletion deletion) {
        return switch (deletion) {
            case Deletion.Tombstone t -> new StreamState(lastRevision, lastRevision + 1, softDeleted, true);
            case Deletion.Soft s -> {
                checkReadable(stream);
                yield new StreamState(lastRevision, lastRevision + 1, true, false);
            }
            case Deletion.TruncateBefore tb -> {
                checkReadable(stream);
                checkTruncation(stream, tb);
                yield new StreamState(lastRevision, Math.max(readableFrom, tb.revision()), false, false);
            }
        };
    }

    /**
     * A stream may be truncated up to just past its last revision, which hides every event so far:
     * a revision further on would hide the next appends too, stored but never shown.
     *
     * @throws InvalidDeletionException when {@code tb} names a revision past that
     */
    private void checkTruncation(StreamId stream, Deletion.TruncateBefore tb) {
        if (tb.revision() > lastRevision + 1) {
            throw new InvalidDeletionException("Cannot truncate '" + stream + "' before revision " + tb.revision()
                    + ": its last revision is " + lastRevision + ", and events appended later would be hidden too. Use "
                    + (lastRevision + 1) + " (with expected revision " + lastRevision
                    + ") to hide every event so far; nothing was changed.");
        }
    }

    /** This state as {@link dev.vellum.store.StreamCatalog#listStreams} lists it. */
    public StreamSummary summary(StreamId stream) {
        StreamSummary.Status status = tombstoned ? StreamSummary.Status.TOMBSTONED
                : softDeleted ? StreamSummary.Status.DELETED : StreamSummary.Status.ACTIVE;
        return new StreamSummary(stream, lastRevision, readableFrom, status);
    }
}
