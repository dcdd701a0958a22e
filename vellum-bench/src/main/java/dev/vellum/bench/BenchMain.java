package dev.vellum.bench;

import dev.vellum.bench.kafka.BenchBroker;
import dev.vellum.bench.scenario.BenchOptions;
import dev.vellum.bench.scenario.Comparison;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.bench.store.VellumTarget;
import dev.vellum.bench.store.VellumTargets;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs the benchmarks and prints the Markdown table on standard output, progress on standard
 * error. See {@link BenchOptions#USAGE} for the options and the module README for how to read the
 * table.
 */
public final class BenchMain {

    private BenchMain() {
    }

    /** The command line entry point; exits with 2 on bad options and 1 when a run fails. */
    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(BenchOptions.USAGE + "Scenarios: " + String.join(", ", Scenarios.NAMES));
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.out.print(run(options, VellumTargets.available(), System.err));
            BenchBroker.stop();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * Measures the rows {@code options} select on {@code target} (or the raw baselines alone when
     * it is empty) and returns the table. Each scenario measures its own baselines, interleaved
     * with its Vellum workloads, so a scenario run alone gives the figures it gives in a full run.
     */
    public static String run(BenchOptions options, Optional<VellumTarget> target, PrintStream progress)
            throws Exception {
        List<Comparison> comparisons = Scenarios.select(options, target);
        String store = target.map(VellumTarget::name).orElse("none wired in yet, raw baselines only");
        String header = Environment.describe(options, store);
        List<Row> rows = new ArrayList<>();
        for (String scenario : Scenarios.NAMES) {
            List<Comparison> scenarioRows = comparisons.stream()
                    .filter(comparison -> comparison.scenario().equals(scenario))
                    .toList();
            Runner runner = new Runner(options, progress);
            List<Workload> workloads = new ArrayList<>();
            for (Comparison comparison : scenarioRows) {
                comparison.vellum().ifPresent(workloads::add);
                workloads.add(comparison.baseline());
            }
            runner.measure(workloads);
            for (Comparison comparison : scenarioRows) {
                rows.add(new Row(comparison, comparison.vellum().map(runner::measurement),
                        runner.measurement(comparison.baseline())));
            }
        }
        return MarkdownTable.render(header, rows);
    }
}
