package dev.vellum.store;

/**
 * A place in the global log. The first event has position 1; {@link #START} (0) stands before
 * every event. Positions strictly increase in commit order and are never reused; they may have
 * gaps. A checkpoint is the position of the last event processed, so reads "after" it continue.
 *
 * @param value the position, 0 or more
 */
public record Position(long value) implements Comparable<Position> {

    /** Before the first event. */
    public static final Position START = new Position(0);

    /** @throws IllegalArgumentException when negative */
    public Position {
        if (value < 0) {
            throw new IllegalArgumentException("A position is 0 or more, got " + value);
        }
    }

    /** Shorthand for {@code new Position(value)}. */
    public static Position of(long value) {
        return value == 0 ? START : new Position(value);
    }

    /** True when this position is after {@code other}. */
    public boolean isAfter(Position other) {
        return value > other.value;
    }

    @Override
    public int compareTo(Position other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
