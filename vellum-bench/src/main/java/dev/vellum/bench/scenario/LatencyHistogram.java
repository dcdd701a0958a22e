package dev.vellum.bench.scenario;

/**
 * Counts latencies in nanoseconds in log-linear buckets (64 per power of two, so a percentile is
 * off by at most about 1.6%), in constant memory however many operations run. Not thread-safe:
 * each worker records into its own histogram and the runner merges them afterwards.
 */
public final class LatencyHistogram {

    private static final int SUB_BITS = 6;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS + 1) * SUB_COUNT;

    private final long[] counts = new long[BUCKETS];
    private long total;

    /** Counts one latency; negative values count as 0. */
    public void record(long nanos) {
        counts[index(Math.max(0, nanos))]++;
        total++;
    }

    /** Adds every count of {@code other} to this histogram. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** How many latencies were recorded. */
    public long count() {
        return total;
    }

    /**
     * The latency, in nanoseconds, below or at which {@code percent} of the recorded ones lie, or 0
     * when nothing was recorded.
     */
    public long percentile(double percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("A percentile is in (0, 100], got " + percent);
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return middle(i);
            }
        }
        return 0;
    }

    private static int index(long value) {
        if (value < SUB_COUNT) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB_COUNT - 1);
        return (exponent - SUB_BITS + 1) * SUB_COUNT + sub;
    }

    private static long middle(int index) {
        if (index < SUB_COUNT) {
            return index;
        }
        int exponent = index / SUB_COUNT + SUB_BITS - 1;
        int shift = exponent - SUB_BITS;
        long lower = (long) (SUB_COUNT + index % SUB_COUNT) << shift;
        return lower + ((1L << shift) >> 1);
    }
}
