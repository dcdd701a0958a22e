package dev.vellum.bench.store;

import dev.vellum.bench.scenario.Synchronous;
import java.util.Objects;
import java.util.Set;

/**
 * The Vellum store the scenarios run against.
 *
 * @param name what the table calls it, e.g. {@code SqliteEventStore}
 * @param modes the {@code synchronous} settings it can be opened with; the table leaves the Vellum
 *     cell of the other settings' rows empty
 * @param factory opens it
 */
public record VellumTarget(String name, Set<Synchronous> modes, StoreFactory factory) {

    /** Copies the modes. */
    public VellumTarget {
        Objects.requireNonNull(name, "name");
        modes = Set.copyOf(modes);
        Objects.requireNonNull(factory, "factory");
    }
}
