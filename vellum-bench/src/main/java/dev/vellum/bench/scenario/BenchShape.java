package dev.vellum.bench.scenario;

/** The sizes BENCH.md and the task fix, shared by the Vellum scenarios and the raw baselines. */
public final class BenchShape {

    /** Concurrent writers in the single-event append scenario. */
    public static final int WRITERS = 64;

    /** Events per append in the batch scenario, and per {@code executeBatch} in raw batched. */
    public static final int BATCH = 100;

    /** Events per page when reading the global log, and the raw scan's {@code LIMIT}. */
    public static final int PAGE = 10_000;

    /**
     * The {@code synchronous} setting of the read scenarios' databases. Nothing commits while they
     * are timed, so it only makes filling the log faster.
     */
    public static final Synchronous READ_SYNCHRONOUS = Synchronous.NORMAL;

    private BenchShape() {
    }
}
