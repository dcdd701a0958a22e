package dev.vellum.projection;

import dev.vellum.store.Position;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Where each partition of a projection version stands: every event of partition {@code i} up to
 * {@code positions().get(i)} has been applied (or parked), and none after it. A projection with one
 * partition has one position. The projection as a whole has applied everything up to
 * {@link #low()}: its checkpoint never passes an event not yet applied.
 *
 * @param positions one position per partition, at least one
 */
public record Checkpoints(List<Position> positions) {

    /** Copies the list. */
    public Checkpoints {
        positions = List.copyOf(Objects.requireNonNull(positions, "positions"));
        if (positions.isEmpty() || positions.size() > Projection.MAX_PARTITIONS) {
            throw new IllegalArgumentException("Checkpoints need 1 to " + Projection.MAX_PARTITIONS
                    + " partitions, got " + positions.size());
        }
    }

    /** {@code partitions} partitions, all at {@code position}. */
    public static Checkpoints at(int partitions, Position position) {
        return new Checkpoints(Collections.nCopies(partitions, position));
    }

    /** How many partitions. */
    public int partitions() {
        return positions.size();
    }

    /** Partition {@code partition}'s position. */
    public Position of(int partition) {
        return positions.get(partition);
    }

    /** The lowest position: every event up to it is applied in every partition. */
    public Position low() {
        Position low = positions.getFirst();
        for (Position p : positions) {
            if (low.isAfter(p)) {
                low = p;
            }
        }
        return low;
    }

    /** The highest position: no event after it has been applied. */
    public Position high() {
        Position high = positions.getFirst();
        for (Position p : positions) {
            if (p.isAfter(high)) {
                high = p;
            }
        }
        return high;
    }

    /** True when every partition stands at the same position. */
    public boolean aligned() {
        return low().equals(high());
    }
}
