package dev.vellum.snapshot;

import dev.vellum.store.StreamId;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An aggregate's state cached at a revision of its stream: an optimisation that can be thrown away
 * at any time. Besides the state, it records what a loader needs to tell whether it still fits
 * the stream: the events it folded ({@code firstRevision} to {@code revision}, the last one's id)
 * and the state's schema version.
 *
 * @param stream the stream
 * @param stateType the state's stable name, e.g. {@code order}: one stream may have a snapshot per
 *     state type; 1-{@value #MAX_TYPE_LENGTH} letters, digits or {@code . _ - : /}
 * @param schemaVersion the state's schema version when it was taken, 1 or more
 * @param firstRevision the revision of the first event folded into the state (0 unless the stream
 *     was truncated or soft-deleted before)
 * @param revision the revision of the last event folded into the state
 * @param eventId the id of the event at {@code revision}
 * @param state the state, as JSON
 */
public record Snapshot(StreamId stream, String stateType, int schemaVersion, long firstRevision, long revision,
        UUID eventId, String state) {

    /** The longest state type name accepted. */
    public static final int MAX_TYPE_LENGTH = 200;

    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9._:/-]{1," + MAX_TYPE_LENGTH + "}");

    /** Checks the values. @throws IllegalArgumentException when one breaks a rule above */
    public Snapshot {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(state, "state");
        checkStateType(stateType);
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("A schema version is 1 or more, got " + schemaVersion);
        }
        if (firstRevision < 0 || revision < firstRevision) {
            throw new IllegalArgumentException("A snapshot needs 0 <= firstRevision <= revision, got "
                    + firstRevision + " and " + revision);
        }
    }

    /**
     * Checks a state type name.
     *
     * @throws IllegalArgumentException when it is not 1-{@value #MAX_TYPE_LENGTH} letters, digits or {@code . _ - : /}
     */
    public static String checkStateType(String stateType) {
        if (stateType == null || !TYPE_NAME.matcher(stateType).matches()) {
            throw new IllegalArgumentException("Invalid state type name '" + stateType + "': use 1-" + MAX_TYPE_LENGTH
                    + " letters, digits or . _ - : /, e.g. 'order'.");
        }
        return stateType;
    }

    /**
     * True when this snapshot should take the place of {@code stored}, the one kept for the same
     * stream and state type: when it is of another schema version (the stored one is of no use to
     * the code now saving), or when it is at a later revision. An older snapshot of the same
     * version never replaces a newer one, so concurrent savers cannot move a stream's snapshot back.
     */
    public boolean replaces(Snapshot stored) {
        return schemaVersion != stored.schemaVersion || revision > stored.revision;
    }
}
