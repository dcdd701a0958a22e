package dev.vellum.bench;

import dev.vellum.bench.scenario.LatencyHistogram;

/**
 * What one timed run of a workload did.
 *
 * @param events the events written or read by all workers together
 * @param nanos the wall-clock time from the start signal until the last worker stopped
 * @param latencies the time each operation took, all workers merged
 */
public record RunResult(long events, long nanos, LatencyHistogram latencies) {

    /** Events per second over the run. */
    public double eventsPerSecond() {
        return nanos == 0 ? 0 : events * 1e9 / nanos;
    }
}
