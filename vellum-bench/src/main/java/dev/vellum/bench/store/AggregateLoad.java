package dev.vellum.bench.store;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.OrderPlaced;
import dev.vellum.bench.scenario.Blackhole;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.nio.file.Path;

/**
 * Loading an aggregate: one stream of {@value #EVENTS} events read whole with
 * {@link EventStore#readStream(StreamId)} (pages of 1,000) and each event deserialized into an
 * {@link OrderPlaced} record, as a command handler does before deciding. One operation is one
 * whole load.
 *
 * @param target the store it reads
 */
public record AggregateLoad(VellumTarget target) implements Workload {

    /** Events in the stream. */
    public static final int EVENTS = 10_000;

    @Override
    public String name() {
        return "Vellum load " + EVENTS + " + deserialize";
    }

    @Override
    public boolean reportsLatency() {
        return true;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        EventStore store = target.factory().open(directory, Synchronous.FULL);
        StreamId stream = StreamId.of(OrderEvents.streamName(1));
        store.append(stream, ExpectedRevision.noStream(), OrderEventData.batch(EVENTS));
        EventTypes types = EventTypes.builder().register(OrderEvents.TYPE, OrderPlaced.class).build();
        Blackhole blackhole = new Blackhole();
        return Fixture.of(1, thread -> () -> {
            int events = 0;
            for (RecordedEvent event : store.readStream(stream)) {
                blackhole.consume(types.deserialize(event, OrderPlaced.class));
                events++;
            }
            return events;
        }, store::close);
    }
}
