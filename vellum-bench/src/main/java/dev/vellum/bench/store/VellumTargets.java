package dev.vellum.bench.store;

import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.sqlite.Durability;
import dev.vellum.sqlite.SqliteEventStore;
import java.util.EnumSet;
import java.util.Optional;

/** The Vellum stores this build can benchmark. */
public final class VellumTargets {

    private VellumTargets() {
    }

    /**
     * The store the command line benchmarks: {@link SqliteEventStore} with its default settings
     * apart from {@code synchronous}, one file per run, against which the raw SQLite baselines
     * are comparable.
     */
    public static Optional<VellumTarget> available() {
        return Optional.of(new VellumTarget("SqliteEventStore (defaults, synchronous as per row)",
                EnumSet.allOf(Synchronous.class),
                (directory, synchronous) -> SqliteEventStore.builder(directory.resolve("events.db"))
                        .synchronous(Durability.valueOf(synchronous.name()))
                        .open()));
    }
}
