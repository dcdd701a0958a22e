package dev.vellum.bench.store;

import dev.vellum.bench.order.StreamCursor;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.LatencyHistogram;
import dev.vellum.bench.scenario.Operation;
import dev.vellum.bench.scenario.SharedLatencies;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamId;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One thread keeping {@link BenchShape#WRITERS} single-event appends in flight through
 * {@code appendAsync}, with no thread parked per append: the streams and revisions of
 * {@link ConcurrentAppends}, in {@link BenchShape#WRITERS} lanes taken in turn, each walking its
 * streams with a {@link StreamCursor} (so a lane's append may expect the revision its previous one,
 * still in flight, will produce). An operation waits for a free slot, queues the next append, and
 * counts the appends that committed since the last one, so only committed events are counted.
 * The latency is from queueing an append to its future completing.
 *
 * @param target the store it runs on
 * @param synchronous the {@code synchronous} setting it is opened with
 */
public record AsyncAppends(VellumTarget target, Synchronous synchronous) implements StoreWorkload {

    @Override
    public String name() {
        return "Vellum " + BenchShape.WRITERS + " appendAsync in flight, 1 thread " + synchronous;
    }

    @Override
    public Fixture open(EventStore store) {
        return new InFlight(store);
    }

    /** The store with its appends in flight. */
    private static final class InFlight implements Fixture {

        private final EventStore store;
        private final Semaphore slots = new Semaphore(BenchShape.WRITERS);
        private final StreamCursor[] lanes = new StreamCursor[BenchShape.WRITERS];
        private final AtomicLong committed = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final SharedLatencies latencies = new SharedLatencies();
        private long queued;

        InFlight(EventStore store) {
            this.store = store;
            AtomicLong streams = new AtomicLong();
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = new StreamCursor(streams);
            }
        }

        @Override
        public int threads() {
            return 1;
        }

        @Override
        public Operation operation(int thread) {
            return () -> {
                slots.acquire();
                if (failure.get() != null) {
                    throw new IllegalStateException("An append failed: " + failure.get(), failure.get());
                }
                StreamCursor lane = lanes[(int) (queued++ % lanes.length)];
                lane.advance();
                long start = System.nanoTime();
                store.appendAsync(StreamId.of(lane.streamName()), lane.expected(), List.of(OrderEventData.one()))
                        .whenComplete((result, error) -> finished(start, error));
                return (int) committed.getAndSet(0);
            };
        }

        private void finished(long start, Throwable error) {
            if (error == null) {
                latencies.record(System.nanoTime() - start);
                committed.incrementAndGet();
            } else {
                failure.compareAndSet(null, error);
            }
            slots.release();
        }

        @Override
        public Optional<LatencyHistogram> latencies() {
            return Optional.of(latencies.copy());
        }

        @Override
        public void close() throws SQLException {
            try {
                slots.tryAcquire(BenchShape.WRITERS, 60, TimeUnit.SECONDS); // the appends still in flight finish first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                store.close();
            }
        }
    }
}
