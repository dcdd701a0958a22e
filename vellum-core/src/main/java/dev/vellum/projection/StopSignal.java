package dev.vellum.projection;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tells a projection's threads to stop, and lets them wait (between retries) without missing it. */
final class StopSignal {

    private final CountDownLatch latch = new CountDownLatch(1);
    private final long beatNanos;

    /** @param beatMillis how often a waiting thread beats the heartbeat */
    StopSignal(long beatMillis) {
        this.beatNanos = TimeUnit.MILLISECONDS.toNanos(beatMillis);
    }

    /** Asks every thread of the run to stop. */
    void stop() {
        latch.countDown();
    }

    /** True once {@link #stop()} was called. */
    boolean stopping() {
        return latch.getCount() == 0;
    }

    /**
     * Waits for {@code wait}, beating {@code progress}'s heartbeat as it goes so a retry's backoff
     * does not look like a stall.
     *
     * @return true when told to stop meanwhile
     */
    boolean sleep(Duration wait, Progress progress) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return stopping();
            }
            if (latch.await(Math.min(left, beatNanos), TimeUnit.NANOSECONDS)) {
                return true;
            }
            progress.beat();
        }
    }
}
