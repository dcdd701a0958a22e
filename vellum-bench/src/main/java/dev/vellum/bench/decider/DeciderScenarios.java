package dev.vellum.bench.decider;

import dev.vellum.bench.raw.RawInsert;
import dev.vellum.bench.raw.RawStreamRead;
import dev.vellum.bench.scenario.BenchOptions;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Comparison;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.bench.store.VellumTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** The rows of the decider scenarios: loading aggregates, and command throughput. */
public final class DeciderScenarios {

    /** Loading one aggregate, with and without snapshots, beside a raw read of its stream. */
    public static final String AGGREGATE_LOAD = "aggregate-load";

    /** Commands from {@link BenchShape#WRITERS} clients, on distinct and on hot aggregates. */
    public static final String COMMANDS = "commands-64";

    /** How many aggregates the hot row's clients share. */
    public static final int HOT_AGGREGATES = 8;

    private static final List<Integer> SIZES = List.of(10, 1_000, 10_000, 100_000);

    private DeciderScenarios() {
    }

    /** Loads of an aggregate of {@code size} events through the command handler, without snapshots. */
    public static Workload handlerLoad(VellumTarget target, int size) {
        return new AggregateLoad(target, size, false);
    }

    /**
     * The rows of both scenarios. A quick run loads aggregates of up to 1,000 events only.
     *
     * @param target the Vellum store, or empty for the raw baselines alone
     */
    public static List<Comparison> rows(BenchOptions options, Optional<VellumTarget> target) {
        List<Comparison> rows = new ArrayList<>();
        int largest = options.quick() ? 1_000 : Integer.MAX_VALUE;
        for (int size : SIZES.stream().filter(n -> n <= largest).toList()) {
            Workload raw = new RawStreamRead(size);
            String aggregate = String.format("load %,d-event aggregate", size);
            rows.add(new Comparison(AGGREGATE_LOAD, aggregate + ", no snapshot vs raw stream read",
                    target.map(t -> new AggregateLoad(t, size, false)), raw, OptionalDouble.empty()));
            rows.add(new Comparison(AGGREGATE_LOAD, aggregate + ", snapshot every 100 vs raw stream read",
                    target.map(t -> new AggregateLoad(t, size, true)), raw, OptionalDouble.empty()));
        }
        Synchronous full = Synchronous.FULL;
        Workload single = RawInsert.single(full);
        String clients = BenchShape.WRITERS + " clients × 1-event commands";
        rows.add(new Comparison(COMMANDS, clients + ", distinct aggregates (" + full + ") vs raw single",
                target.map(t -> new CommandThroughput(t, full, 0)), single, OptionalDouble.empty()));
        rows.add(new Comparison(COMMANDS, clients + ", " + HOT_AGGREGATES + " hot aggregates (" + full
                + ") vs raw single", target.map(t -> new CommandThroughput(t, full, HOT_AGGREGATES)), single,
                OptionalDouble.empty()));
        return rows;
    }
}
