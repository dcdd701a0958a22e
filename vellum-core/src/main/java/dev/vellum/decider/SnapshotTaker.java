package dev.vellum.decider;

import dev.vellum.decider.internal.SnapshotSettings;
import dev.vellum.snapshot.Snapshot;
import dev.vellum.store.StreamId;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a snapshot after an accepted command when the policy says one is due. A snapshot that
 * cannot be taken is logged and skipped: the command was appended, and its caller must learn that;
 * the next load simply reads more events.
 */
final class SnapshotTaker<S> {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTaker.class);

    private final SnapshotSettings<S> settings;

    /** @param settings how snapshots are taken, or {@code null} for never */
    public SnapshotTaker(SnapshotSettings<S> settings) {
        this.settings = settings;
    }

    /**
     * Takes a snapshot of the state after an append if one is due.
     *
     * @param loaded the state the command was decided on
     * @param base the revision the append followed, or -1
     * @param state the state after the appended events, computed only when a snapshot is due
     * @param revision the stream's revision after the append
     * @param lastEventId the id of the event at {@code revision}
     * @return the revision of the stream's newest snapshot now: {@code revision} when one was just
     *     taken, otherwise the one the state was loaded from
     */
    public long afterAppend(StreamId stream, Loaded<S> loaded, long base, Supplier<S> state, long revision,
            UUID lastEventId) {
        if (settings == null || !settings.policy().isDue(loaded.snapshotRevision(), revision)) {
            return loaded.snapshotRevision();
        }
        long firstRevision = loaded.firstRevision() >= 0 ? loaded.firstRevision() : base + 1;
        try {
            settings.store().save(new Snapshot(stream, settings.format().name(), settings.format().version(),
                    firstRevision, revision, lastEventId, settings.format().write(state.get())));
            return revision;
        } catch (RuntimeException e) {
            LOG.warn("Could not take a snapshot of '{}' at revision {}; loads read the events instead", stream,
                    revision, e);
            return loaded.snapshotRevision();
        }
    }
}
