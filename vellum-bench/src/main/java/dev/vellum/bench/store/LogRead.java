package dev.vellum.bench.store;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.OrderPlaced;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Blackhole;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Operation;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import java.nio.file.Path;
import java.util.List;

/**
 * Fills the log, then reads it the way a projection catching up does: {@link EventStore#readAll}
 * in pages of {@link BenchShape#PAGE}, each event deserialized into an {@link OrderPlaced} record
 * through Vellum's {@link EventTypes} registry, starting over at the end. The counterpart of raw
 * scan.
 *
 * @param target the store it reads
 * @param events the events of the log
 */
public record LogRead(VellumTarget target, int events) implements Workload {

    @Override
    public String name() {
        return "Vellum read + deserialize";
    }

    @Override
    public boolean reportsLatency() {
        return false;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        Synchronous synchronous = target.modes().contains(BenchShape.READ_SYNCHRONOUS)
                ? BenchShape.READ_SYNCHRONOUS
                : Synchronous.FULL;
        EventStore store = target.factory().open(directory, synchronous);
        for (int stream = 1; stream * BenchShape.BATCH <= events; stream++) {
            BatchAppends.appendBatch(store, stream);
        }
        EventTypes types = EventTypes.builder().register(OrderEvents.TYPE, OrderPlaced.class).build();
        return Fixture.of(1, thread -> new Pager(store, types), store::close);
    }

    /** Reads and deserializes one page per call, remembering where the last one ended. */
    private static final class Pager implements Operation {
        private final EventStore store;
        private final EventTypes types;
        private final Blackhole blackhole = new Blackhole();
        private Position after = Position.START;

        Pager(EventStore store, EventTypes types) {
            this.store = store;
            this.types = types;
        }

        @Override
        public int run() {
            List<RecordedEvent> page = store.readAll(after, LogFilter.all(), BenchShape.PAGE);
            for (RecordedEvent event : page) {
                blackhole.consume(types.deserialize(event, OrderPlaced.class));
            }
            after = page.size() < BenchShape.PAGE ? Position.START : page.getLast().position();
            return page.size();
        }
    }
}
