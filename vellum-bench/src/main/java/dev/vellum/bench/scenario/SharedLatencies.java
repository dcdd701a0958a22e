package dev.vellum.bench.scenario;

/**
 * A {@link LatencyHistogram} that threads other than the runner's workers record into (a feed's
 * reader, a future's callback), for a {@link Fixture#latencies()} that measures its own latencies.
 */
public final class SharedLatencies {

    private final LatencyHistogram latencies = new LatencyHistogram();

    /** Records one latency. */
    public synchronized void record(long nanos) {
        latencies.record(nanos);
    }

    /** A copy of what is recorded so far. */
    public synchronized LatencyHistogram copy() {
        LatencyHistogram copy = new LatencyHistogram();
        copy.add(latencies);
        return copy;
    }
}
