package dev.vellum.bench;

import dev.vellum.bench.decider.DeciderScenarios;
import dev.vellum.bench.http.HttpScenarios;
import dev.vellum.bench.kafka.KafkaScenarios;
import dev.vellum.bench.postgres.PostgresScenarios;
import dev.vellum.bench.raw.RawInsert;
import dev.vellum.bench.raw.RawScan;
import dev.vellum.bench.scenario.BenchOptions;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Comparison;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.bench.store.AsyncAppends;
import dev.vellum.bench.store.BatchAppends;
import dev.vellum.bench.store.ConcurrentAppends;
import dev.vellum.bench.store.LogRead;
import dev.vellum.bench.store.VellumTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The catalogue: which Vellum workload is compared with which raw baseline, in which row. Rows
 * of one scenario that share a workload share its instance, so the runner measures it once.
 */
public final class Scenarios {

    /** Single-event appends by {@link BenchShape#WRITERS} concurrent writers. */
    public static final String APPEND_CONCURRENT = "append-64";

    /** {@link BenchShape#BATCH}-event appends from one thread. */
    public static final String APPEND_BATCH = "append-100";

    /** Reading and deserializing the whole global log. */
    public static final String READ_ALL = "read-all";

    /** A projection catching up a large log into a SQLite read model. */
    public static final String PROJECTION_CATCH_UP = "projection-catch-up";

    /** From an append to its read-model row being visible, at a steady rate. */
    public static final String PROJECTION_LATENCY = "projection-latency";

    /**
     * Every scenario name, in table order: the store's, the deciders' ({@link DeciderScenarios}),
     * the projections' ({@link ProjectionScenarios}), the HTTP API's ({@link HttpScenarios}), the Kafka inbox's
     * ({@link KafkaScenarios}), then PostgreSQL's ({@link PostgresScenarios}).
     */
    public static final List<String> NAMES = Stream.concat(
            Stream.of(APPEND_CONCURRENT, APPEND_BATCH, READ_ALL, DeciderScenarios.AGGREGATE_LOAD,
                    DeciderScenarios.COMMANDS, PROJECTION_CATCH_UP, PROJECTION_LATENCY),
            Stream.of(HttpScenarios.NAMES, KafkaScenarios.NAMES, PostgresScenarios.NAMES).flatMap(List::stream)).toList();

    private Scenarios() {
    }

    /**
     * The rows to measure: every scenario's, or only those of {@code options.scenario()}.
     *
     * @param target the Vellum store, or empty to measure the raw baselines alone
     * @throws IllegalArgumentException when the scenario name is unknown
     */
    public static List<Comparison> select(BenchOptions options, Optional<VellumTarget> target) {
        options.scenario().filter(name -> !NAMES.contains(name)).ifPresent(name -> {
            throw new IllegalArgumentException("Unknown scenario '" + name + "': use one of " + NAMES + ".");
        });
        List<Comparison> rows = new ArrayList<>();
        for (Synchronous synchronous : Synchronous.values()) {
            Workload single = RawInsert.single(synchronous);
            Workload batched = RawInsert.batched(synchronous);
            Optional<Workload> concurrent = vellum(target, synchronous, t -> new ConcurrentAppends(t, synchronous));
            Optional<Workload> batch = vellum(target, synchronous, t -> new BatchAppends(t, synchronous));
            String writers = BenchShape.WRITERS + " writers × 1 event (" + synchronous + ")";
            rows.add(new Comparison(APPEND_CONCURRENT, writers + " vs raw single", concurrent, single,
                    OptionalDouble.empty()));
            rows.add(new Comparison(APPEND_CONCURRENT, writers + " vs raw batched", concurrent, batched,
                    OptionalDouble.empty()));
            rows.add(new Comparison(APPEND_CONCURRENT, BenchShape.WRITERS + " appendAsync in flight from 1 thread ("
                    + synchronous + ") vs raw batched", vellum(target, synchronous, t -> new AsyncAppends(t, synchronous)),
                    batched, OptionalDouble.empty()));
            rows.add(new Comparison(APPEND_BATCH, BenchShape.BATCH + "-event appends, 1 thread (" + synchronous
                    + ") vs raw batched", batch, RawInsert.batched(synchronous), OptionalDouble.of(0.8)));
        }
        rows.add(new Comparison(READ_ALL, "read global log + deserialize vs raw scan",
                target.map(t -> new LogRead(t, options.scanEvents())), new RawScan(options.scanEvents()),
                OptionalDouble.of(0.5)));
        rows.addAll(DeciderScenarios.rows(options, target));
        rows.addAll(ProjectionScenarios.rows(options, target));
        rows.addAll(HttpScenarios.rows(options, target));
        rows.addAll(KafkaScenarios.rows(options, target));
        rows.addAll(PostgresScenarios.rows(options));
        return rows.stream()
                .filter(row -> options.scenario().map(row.scenario()::equals).orElse(true))
                .toList();
    }

    private static Optional<Workload> vellum(
            Optional<VellumTarget> target, Synchronous synchronous, Function<VellumTarget, Workload> workload) {
        return target.filter(t -> t.modes().contains(synchronous)).map(workload);
    }
}
