package dev.vellum.bench;

import java.util.Locale;

/** How the table writes numbers: throughput with thousands separators, latency in a fitting unit. */
final class Figures {

    private Figures() {
    }

    /** Events per second, e.g. {@code 12,345}. */
    static String rate(double eventsPerSecond) {
        return String.format(Locale.ROOT, "%,.0f", eventsPerSecond);
    }

    /** A ratio as a percentage, e.g. {@code 85%}. */
    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    /** A latency, e.g. {@code 850 µs} or {@code 4.2 ms}. */
    static String latency(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** A number of bytes in binary units, e.g. {@code 23.5 GiB}. */
    static String bytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
