package dev.vellum.decider.internal;

import dev.vellum.decider.CommandStats;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link CommandStats}, bumped by the threads that decide and append. */
public final class ContentionCounters {

    private final LongAdder commands = new LongAdder();
    private final LongAdder appends = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder reloads = new LongAdder();
    private final LongAdder givenUp = new LongAdder();

    void decided(int count) {
        commands.add(count);
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

    void gaveUp(int count) {
        givenUp.add(count);
    }

    /** The counts so far. */
    public CommandStats read() {
        return new CommandStats(commands.sum(), appends.sum(), conflicts.sum(), retries.sum(), reloads.sum(),
                givenUp.sum());
    }
}
