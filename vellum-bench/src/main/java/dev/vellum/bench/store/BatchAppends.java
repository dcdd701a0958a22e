package dev.vellum.bench.store;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread appending {@link BenchShape#BATCH} events at a time, each append creating a new
 * stream (expected revision: no stream), the counterpart of raw batched.
 *
 * @param target the store it runs on
 * @param synchronous the {@code synchronous} setting it is opened with
 */
public record BatchAppends(VellumTarget target, Synchronous synchronous) implements StoreWorkload {

    /**
     * Appends {@link BenchShape#BATCH} new events to new stream number {@code stream} of
     * {@code store}; also how the read scenario fills its log.
     */
    public static AppendResult appendBatch(EventStore store, long stream) {
        return store.append(StreamId.of(OrderEvents.streamName(stream)), ExpectedRevision.noStream(),
                OrderEventData.batch(BenchShape.BATCH));
    }

    @Override
    public String name() {
        return "Vellum " + BenchShape.BATCH + "-event appends " + synchronous;
    }

    @Override
    public Fixture open(EventStore store) throws Exception {
        AtomicLong streams = new AtomicLong();
        return Fixture.of(1, thread -> () -> {
            appendBatch(store, streams.incrementAndGet());
            return BenchShape.BATCH;
        }, store::close);
    }
}
