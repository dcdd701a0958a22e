package dev.vellum.decider.internal;

import dev.vellum.snapshot.SnapshotPolicy;
import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.snapshot.StateFormat;
import java.util.Objects;

/**
 * How a command handler uses snapshots.
 *
 * @param store where they are kept
 * @param policy when one is taken
 * @param format how the state is written and read, under which name and schema version
 */
public record SnapshotSettings<S>(SnapshotStore store, SnapshotPolicy policy, StateFormat<S> format) {

    /** Checks that nothing is missing. */
    public SnapshotSettings {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(format, "format");
    }
}
