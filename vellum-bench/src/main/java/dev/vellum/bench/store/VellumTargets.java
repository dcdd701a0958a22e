package dev.vellum.bench.store;

import dev.vellum.bench.Synchronous;
import dev.vellum.store.memory.InMemoryEventStore;
import java.util.Optional;
import java.util.Set;

/** The Vellum stores this build can benchmark. */
public final class VellumTargets {

    private VellumTargets() {
    }

    /**
     * The store the command line benchmarks: for now the in-memory store, which writes nothing to
     * disk, so its ratios against the SQLite baselines only prove the scenarios run. It has no
     * {@code synchronous} setting and appears in the FULL rows only.
     */
    public static Optional<VellumTarget> available() {
        return Optional.of(new VellumTarget("InMemoryEventStore (no disk: ratios not meaningful)",
                Set.of(Synchronous.FULL), (directory, synchronous) -> new InMemoryEventStore()));
    }
}
