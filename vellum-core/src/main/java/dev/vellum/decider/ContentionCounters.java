package dev.vellum.decider;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link CommandStats} and {@link CommandAnswers}, bumped by the threads that
 * decide, append and answer.
 */
final class ContentionCounters {

    private final LongAdder commands = new LongAdder();
    private final LongAdder appends = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder reloads = new LongAdder();
    private final LongAdder givenUp = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder stale = new LongAdder();

    /**
     * A command answered with {@code result} after {@code took} nanoseconds; one answered from the
     * log by its id counts as no decided command.
     */
    public void answered(CommandResult<?> result, boolean fromLog, long took) {
        if (!fromLog) {
            commands.increment();
        }
        (result instanceof CommandResult.Accepted<?> ? accepted : rejected).increment();
        nanos.add(took);
    }

    /** A command that ended in an exception after {@code took} nanoseconds. */
    public void failed(long took) {
        commands.increment();
        failed.increment();
        nanos.add(took);
    }

    void appended() {
        appends.increment();
    }

    void conflict() {
        conflicts.increment();
    }

    void retry() {
        retries.increment();
    }

    void reload() {
        reloads.increment();
    }

    /** A lane started on an idle stream: with a cached state ({@code hit}) or without. */
    void cacheLookup(boolean hit) {
        (hit ? hits : misses).increment();
    }

    void stale() {
        stale.increment();
    }

    void gaveUp(int count) {
        givenUp.add(count);
    }

    /** The answers so far. */
    public CommandAnswers answers() {
        return new CommandAnswers(accepted.sum(), rejected.sum(), failed.sum(), Duration.ofNanos(nanos.sum()));
    }

    /** The state cache's counts so far, and {@code cache}'s size now. */
    public StateCacheStats cache(StateCache<?> cache) {
        return new StateCacheStats(hits.sum(), misses.sum(), stale.sum(), cache.size(), cache.capacity());
    }

    /** The counts so far. */
    public CommandStats read() {
        return new CommandStats(commands.sum(), appends.sum(), conflicts.sum(), retries.sum(), reloads.sum(),
                givenUp.sum());
    }
}
