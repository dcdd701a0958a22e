package dev.vellum.projection;

import dev.vellum.store.Position;
import dev.vellum.time.internal.TransientRetry;
import dev.vellum.worker.WorkerError;
import dev.vellum.worker.spi.RateMeter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What one running projection version has done, for its status and for callers waiting on its
 * checkpoint: the checkpoint, the heartbeat, the time of the last progress, the last error, the
 * rate, how many events are parked, and the retries of a failure that waiting can cure. Written by
 * the runner's threads, read by anyone, never waiting for the store.
 */
final class Progress {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private final RateMeter rate = new RateMeter();
    private final AtomicLong parked = new AtomicLong();
    private final TransientRetry transients = new TransientRetry();
    private volatile Position checkpoint = Position.START;
    private volatile long heartbeatMillis = System.currentTimeMillis();
    private volatile long progressMillis = heartbeatMillis;
    private volatile WorkerError lastError;
    private volatile boolean ended;

    /** Says the runner is alive. */
    void beat() {
        heartbeatMillis = System.currentTimeMillis();
    }

    /** Records that {@code events} events were applied. */
    void applied(int events) {
        long now = System.currentTimeMillis();
        heartbeatMillis = now;
        progressMillis = now;
        rate.mark(events, now);
    }

    /** Records an error of the store, or of the handler on no event in particular. */
    void error(Throwable error) {
        error(error, null);
    }

    /** Records an error of the handler on the event at {@code position}. */
    void error(Throwable error, Position position) {
        lastError = WorkerError.of(error, position, Instant.now());
    }

    /** Records an error described in words, of type {@code type}. */
    void error(String type, String description) {
        lastError = new WorkerError(type, description, null, Instant.now());
    }

    /** Sets how many events are parked, as read from the store when the version starts or is reset. */
    void parked(long count) {
        parked.set(count);
    }

    /** Counts one more parked event ({@code +1}) or one fewer ({@code -1}, retried or skipped). */
    void parkedChanged(int delta) {
        parked.accumulateAndGet(delta, (count, d) -> Math.max(0, count + d));
    }

    /** How many events are parked. */
    long parked() {
        return parked.get();
    }

    /** Moves the checkpoint (never back, except after a reset) and wakes waiters. */
    void checkpoint(Position position) {
        lock.lock();
        try {
            checkpoint = position;
            progressMillis = System.currentTimeMillis();
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Marks the run as over (stopped or failed) and wakes waiters; {@code false} starts a new run. */
    void ended(boolean value) {
        lock.lock();
        try {
            ended = value;
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the checkpoint reaches {@code target}; false on timeout or when the run ends first. */
    boolean await(Position target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (target.isAfter(checkpoint)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || ended) {
                    return false;
                }
                moved.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    Position checkpoint() {
        return checkpoint;
    }

    long heartbeatMillis() {
        return heartbeatMillis;
    }

    long progressMillis() {
        return progressMillis;
    }

    /** The retries of a failure that waiting can cure, while one lasts. */
    TransientRetry transients() {
        return transients;
    }

    WorkerError lastError() {
        return lastError;
    }

    double perSecond(long nowMillis) {
        return rate.perSecond(nowMillis);
    }
}
