package dev.vellum.store.spi;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Wakes live subscriptions when new events become readable. A store calls {@link #signal()} after
 * each commit (or on a database notification); a subscription notes {@link #version()} before it
 * reads and, having read everything, waits for the version to move. Reading the version first means
 * a commit between the read and the wait is never missed.
 */
public final class AppendSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;

    /** Says that new events may be readable. */
    public void signal() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes every waiter without announcing events, so closing subscriptions notice promptly. Set
     * the waiter's stop flag first; see {@link #await}.
     */
    public void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The number of signals so far. */
    public long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the version differs from {@code seen}, a wake-up, or the timeout; returns at once
     * when {@code stop} is already true. {@code stop} is read under the lock {@link #wakeAll()}
     * takes, so a waiter that is told to stop (flag set, then {@code wakeAll()}) just before it
     * waits cannot sleep through the wake-up.
     */
    public void await(long seen, BooleanSupplier stop, long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            if (version == seen && !stop.getAsBoolean()) {
                changed.await(timeout, unit);
            }
        } finally {
            lock.unlock();
        }
    }
}
