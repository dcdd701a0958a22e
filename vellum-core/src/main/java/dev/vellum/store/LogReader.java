package dev.vellum.store;

import java.util.List;

/** Reads the global log: every stream's events in position order. */
public interface LogReader {

    /**
     * Reads up to {@code limit} events with a position after {@code after} that {@code filter}
     * keeps, in position order. Only events whose transactions are visible and before which no
     * event can still appear are returned, so a reader that continues after the last position it
     * got never skips one.
     *
     * @throws IllegalArgumentException when {@code limit} is not positive
     */
    List<RecordedEvent> readAll(Position after, LogFilter filter, int limit);

    /** The position of the last event readable through {@link #readAll}, or {@link Position#START}. */
    Position head();
}
