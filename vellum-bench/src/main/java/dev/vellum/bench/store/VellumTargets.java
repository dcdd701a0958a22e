package dev.vellum.bench.store;

import java.util.Optional;

/** The Vellum stores this build can benchmark. */
public final class VellumTargets {

    private VellumTargets() {
    }

    /**
     * The store the command line benchmarks. Empty until a durable store is on main: the table
     * then shows the raw baselines alone.
     */
    public static Optional<VellumTarget> available() {
        return Optional.empty();
    }
}
