package dev.vellum.bench.scenario;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The slots of a paced workload: {@code rate} a second from the first one taken, numbered from 1,
 * each taken once by whichever worker asks next. Its latency rows time from a slot's due time, not
 * from the call, so a late worker does not hide the delay.
 */
public final class PacedSchedule {

    private final long intervalNanos;
    private final AtomicLong taken = new AtomicLong();
    private volatile long start;

    /** A schedule of {@code rate} slots a second. */
    public PacedSchedule(int rate) {
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    }

    /** The next slot's number; the first call starts the schedule. */
    public synchronized long next() {
        if (start == 0) {
            start = System.nanoTime();
        }
        return taken.incrementAndGet();
    }

    /** When slot {@code number} is due, in {@link System#nanoTime()} terms. */
    public long due(long number) {
        return start + (number - 1) * intervalNanos;
    }

    /** Parks the calling thread until slot {@code number} is due and returns its due time. */
    public long awaitSlot(long number) {
        long slot = due(number);
        for (long wait = slot - System.nanoTime(); wait > 0; wait = slot - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
        return slot;
    }
}
