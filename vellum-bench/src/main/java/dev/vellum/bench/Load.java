package dev.vellum.bench;

import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.LatencyHistogram;
import dev.vellum.bench.scenario.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives one timed run: one platform thread per worker, all released at once, each calling its
 * operation until the time is up. Platform threads keep the figure independent of how a store
 * blocks (a virtual thread stuck in a native SQLite call would pin one of only two carriers).
 */
public final class Load {

    private Load() {
    }

    /**
     * Runs {@code fixture}'s workers for {@code duration}.
     *
     * @throws Exception the first exception an operation threw; the other workers then stop too
     */
    public static RunResult run(Fixture fixture, Duration duration) throws Exception {
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < fixture.threads(); i++) {
            workers.add(new Worker(fixture.operation(i)));
        }
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Worker worker = workers.get(i);
            threads.add(Thread.ofPlatform().name("bench-worker-" + i).daemon()
                    .start(() -> worker.loop(start, failure)));
        }
        long begin = System.nanoTime();
        long deadline = begin + duration.toNanos();
        workers.forEach(worker -> worker.deadline = deadline);
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("An operation failed: " + failure.get(), failure.get());
        }
        LatencyHistogram latencies = new LatencyHistogram();
        long events = 0;
        long end = begin;
        for (Worker worker : workers) {
            latencies.add(worker.latencies);
            events += worker.events;
            end = Math.max(end, worker.end);
        }
        return new RunResult(events, end - begin, fixture.latencies().orElse(latencies));
    }

    /** One worker's operation and what it counted; read by the driver only after join. */
    private static final class Worker {
        private final Operation operation;
        private final LatencyHistogram latencies = new LatencyHistogram();
        private volatile long deadline;
        private long events;
        private long end;

        Worker(Operation operation) {
            this.operation = operation;
        }

        void loop(CountDownLatch start, AtomicReference<Throwable> failure) {
            try {
                start.await();
                long until = deadline;
                long now = System.nanoTime();
                while (now < until && failure.get() == null) {
                    int done = operation.run();
                    long after = System.nanoTime();
                    latencies.record(after - now);
                    events += done;
                    now = after;
                }
                end = now;
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }
    }
}
