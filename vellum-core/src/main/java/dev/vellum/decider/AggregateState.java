package dev.vellum.decider;

import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import java.util.Objects;

/**
 * The state of one aggregate as loaded from its stream: now, or as of a revision or a point in time.
 *
 * @param stream the stream
 * @param state the state: the decider's initial state folded over the events up to {@code revision}
 * @param revision the revision of the last event folded, or {@link #NO_EVENTS}
 * @param position the global position of that event, or {@link Position#START}
 */
public record AggregateState<S>(StreamId stream, S state, long revision, Position position) {

    /** The {@link #revision()} of a state no event was folded into. */
    public static final long NO_EVENTS = -1;

    /** Checks that nothing is missing. */
    public AggregateState {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(position, "position");
    }
}
