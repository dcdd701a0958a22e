package dev.vellum.decider;

import dev.vellum.store.Position;
import dev.vellum.store.StreamId;

/**
 * A state as a load left it, with what the command handler needs beyond the public
 * {@code AggregateState}: where the folded events began, and the snapshot it started from.
 *
 * @param state the state
 * @param revision the last revision folded, or -1
 * @param position that event's position, or {@link Position#START}
 * @param firstRevision the first revision folded (through the snapshot or directly), or -1
 * @param snapshotRevision the revision of the usable snapshot the load started from, or -1
 */
record Loaded<S>(S state, long revision, Position position, long firstRevision, long snapshotRevision) {

    /** The public view of this state. */
    public AggregateState<S> publish(StreamId stream) {
        return new AggregateState<>(stream, state, revision, position);
    }

    /** The state of a stream with no readable events. */
    public static <S> Loaded<S> empty(S initial) {
        return new Loaded<>(initial, -1, Position.START, -1, -1);
    }
}
