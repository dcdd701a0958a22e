package dev.vellum.bench.store;

import dev.vellum.bench.order.StreamCursor;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamId;

/**
 * {@link BenchShape#WRITERS} threads appending one event per append, each to streams of its own
 * ({@link StreamCursor}): the first event of a stream expects no stream, the next ones the exact
 * revision before. This is the load group commit exists for.
 *
 * @param target the store it runs on
 * @param synchronous the {@code synchronous} setting it is opened with
 */
public record ConcurrentAppends(VellumTarget target, Synchronous synchronous) implements StoreWorkload {

    @Override
    public String name() {
        return "Vellum " + BenchShape.WRITERS + " writers " + synchronous;
    }

    @Override
    public Fixture open(EventStore store) throws Exception {
        return Fixture.of(BenchShape.WRITERS, StreamCursor.perWorker((thread, cursor) -> () -> {
            cursor.advance();
            store.append(StreamId.of(cursor.streamName()), cursor.expected(), OrderEventData.one());
            return 1;
        }), store::close);
    }
}
