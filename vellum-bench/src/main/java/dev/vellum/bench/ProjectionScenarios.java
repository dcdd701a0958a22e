package dev.vellum.bench;

import dev.vellum.bench.raw.RawInsert;
import dev.vellum.bench.raw.RawLogScan;
import dev.vellum.bench.scenario.BenchOptions;
import dev.vellum.bench.scenario.Comparison;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.bench.store.LogTemplate;
import dev.vellum.bench.store.ProjectionCatchUp;
import dev.vellum.bench.store.ProjectionLatency;
import dev.vellum.bench.store.VellumTarget;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The projection rows of the catalogue, on SQLite: a catch-up of a large log into a read model
 * beside a raw scan of the same log (goal: a third of it), and the latency from an append to its
 * read-model row at 1,000 appends/s beside raw single (goal: p99 under 10 ms; the throughput ratio
 * of that row only reflects the pacing).
 */
final class ProjectionScenarios {

    /** Events in the catch-up log: a million, or a small log for a quick run. */
    static int catchUpEvents(BenchOptions options) {
        return options.quick() ? 20_000 : 1_000_000;
    }

    private ProjectionScenarios() {
    }

    static List<Comparison> rows(BenchOptions options, Optional<VellumTarget> target) {
        LogTemplate log = new LogTemplate(catchUpEvents(options));
        String events = String.format(Locale.ROOT, "%,d", log.events());
        return List.of(
                new Comparison(Scenarios.PROJECTION_CATCH_UP, "projection catch-up of " + events
                        + " events into a SQLite read model vs raw scan of the same log",
                        target.map(t -> new ProjectionCatchUp(log)), new RawLogScan("raw scan", log::copyInto),
                        OptionalDouble.of(1.0 / 3)),
                new Comparison(Scenarios.PROJECTION_LATENCY, "append → visible read-model row, "
                        + ProjectionLatency.RATE + " appends/s (FULL), p99 goal < 10 ms, vs raw single",
                        target.map(t -> new ProjectionLatency()), RawInsert.single(Synchronous.FULL),
                        OptionalDouble.empty()));
    }
}
