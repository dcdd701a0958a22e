package dev.vellum.worker.spi;

/**
 * Events per second over the last few whole seconds, in one-second buckets: cheap to mark (once per
 * batch) and to read (once per status request). Shared by every kind of projection runner, and by
 * a store that runs workers of its own (SQLite's inline projections) for the
 * {@link dev.vellum.worker.WorkerStatus#eventsPerSecond() events per second} of their status.
 */
public final class RateMeter {

    private static final int SECONDS = 5;

    private final long[] counts = new long[SECONDS + 1];
    private final long[] secondOf = new long[SECONDS + 1];

    /** Counts {@code events} at {@code nowMillis}. */
    public synchronized void mark(long events, long nowMillis) {
        long second = nowMillis / 1000;
        int slot = (int) (second % counts.length);
        if (secondOf[slot] != second) {
            secondOf[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += events;
    }

    /** The average over the last {@value #SECONDS} whole seconds before {@code nowMillis}. */
    public synchronized double perSecond(long nowMillis) {
        long current = nowMillis / 1000;
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (secondOf[i] < current && secondOf[i] >= current - SECONDS) {
                total += counts[i];
            }
        }
        return total / (double) SECONDS;
    }
}
