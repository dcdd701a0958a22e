package dev.vellum.bench;

import dev.vellum.bench.scenario.LatencyHistogram;
import dev.vellum.bench.scenario.Workload;
import java.util.List;

/**
 * The measured runs of one workload (the warm-up excluded), summarised the way BENCH.md asks: the
 * median throughput, the spread from the slowest to the fastest run, and latency percentiles over
 * the operations of all runs.
 *
 * @param workload the workload measured
 * @param runs the measured runs, in the order they ran; at least one
 */
public record Measurement(Workload workload, List<RunResult> runs) {

    /** Copies the runs. */
    public Measurement {
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("A measurement needs at least one run of " + workload.name());
        }
    }

    /** The median of the runs' events per second. */
    public double median() {
        double[] rates = sortedRates();
        int middle = rates.length / 2;
        return rates.length % 2 == 1 ? rates[middle] : (rates[middle - 1] + rates[middle]) / 2;
    }

    /** The slowest run's events per second. */
    public double min() {
        return sortedRates()[0];
    }

    /** The fastest run's events per second. */
    public double max() {
        double[] rates = sortedRates();
        return rates[rates.length - 1];
    }

    /** The latencies of the operations of every run together. */
    public LatencyHistogram latencies() {
        LatencyHistogram all = new LatencyHistogram();
        runs.forEach(run -> all.add(run.latencies()));
        return all;
    }

    private double[] sortedRates() {
        return runs.stream().mapToDouble(RunResult::eventsPerSecond).sorted().toArray();
    }
}
