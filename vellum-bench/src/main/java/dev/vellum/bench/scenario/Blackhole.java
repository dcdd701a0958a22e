package dev.vellum.bench.scenario;

/**
 * Keeps what a read produced reachable so the JIT cannot drop the work that made it. One per
 * worker; not thread-safe.
 */
public final class Blackhole {

    private Object last;
    private long sum;

    /** Consumes an object. */
    public void consume(Object value) {
        last = value;
    }

    /** Consumes a number. */
    public void consume(long value) {
        sum += value;
    }
}
