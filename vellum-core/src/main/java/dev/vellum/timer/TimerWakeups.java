package dev.vellum.timer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The wake-ups of a {@link TimerScheduler}'s thread: a count of them, so that one given between the
 * thread's look at the store and its sleep is not lost (it reads the count before it looks, and sleeps
 * only while the count is the same).
 */
final class TimerWakeups {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private long wakeups;

    /** How many wake-ups there have been; read before looking at the store. */
    long soFar() {
        lock.lock();
        try {
            return wakeups;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the thread, or keeps it from sleeping after the look it is making. */
    void wake() {
        lock.lock();
        try {
            wakeups++;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sleeps up to {@code millis} unless there has been a wake-up since {@code seen} was read.
     *
     * @return false when the thread was interrupted (its interrupt flag is set again)
     */
    boolean await(long seen, long millis) {
        lock.lock();
        try {
            if (wakeups == seen) {
                woken.await(millis, TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
