package dev.vellum.bench.decider;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.OrderPlaced;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Blackhole;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.bench.store.VellumTarget;
import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandHandlerBuilder;
import dev.vellum.snapshot.SnapshotPolicy;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loading one aggregate of {@code size} events through {@link CommandHandler#load}: every event
 * read, deserialized and folded, or, with snapshots every {@value #EVERY} events, the newest
 * snapshot plus the events after it. The snapshot is taken by the handler itself, by one command
 * sent when the stream is {@value #BEHIND} events short of its size, so loads read that many
 * events after it: the average distance under a snapshot every {@value #EVERY} events. One
 * operation is one load; its events are the aggregate's size. The counterpart of raw stream read.
 *
 * @param target the store it loads from
 * @param size the aggregate's events
 * @param snapshots whether the handler takes and uses snapshots
 */
public record AggregateLoad(VellumTarget target, int size, boolean snapshots) implements Workload {

    /** Events between snapshots. */
    static final int EVERY = 100;

    /** Events after the newest snapshot when loading. */
    static final int BEHIND = EVERY / 2;

    private static final int APPEND = 1_000;

    @Override
    public String name() {
        return String.format("Vellum load %,d %s", size, snapshots ? "snapshot/100" : "no snapshot");
    }

    @Override
    public boolean reportsLatency() {
        return true;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        EventStore store = target.factory().open(directory, BenchShape.READ_SYNCHRONOUS);
        CommandHandlerBuilder<OrderBook.Place, OrderBook.State, OrderPlaced> builder =
                CommandHandler.builder(store, OrderBook.TYPES, OrderPlaced.class, OrderBook.DECIDER);
        if (snapshots) {
            builder.snapshots(BenchSnapshots.of(store), SnapshotPolicy.every(EVERY), OrderBook.FORMAT);
        }
        CommandHandler<OrderBook.Place, OrderBook.State, OrderPlaced> books = builder.build();
        StreamId book = StreamId.of(OrderEvents.streamName(1));
        if (size > EVERY) {
            fill(store, book, 0, size - BEHIND - 1);
            books.handle(book, OrderBook.randomPlace());
            fill(store, book, size - BEHIND, BEHIND);
        } else {
            fill(store, book, 0, size);
        }
        Blackhole blackhole = new Blackhole();
        return Fixture.of(1, thread -> () -> {
            blackhole.consume(books.load(book).state());
            return size;
        }, store::close);
    }

    /** Appends {@code count} random orders to {@code book}, whose next revision is {@code from}. */
    private static void fill(EventStore store, StreamId book, long from, int count) {
        long next = from;
        for (int done = 0; done < count; ) {
            int n = Math.min(APPEND, count - done);
            List<EventData> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                events.add(OrderBook.TYPES.serialize(OrderBook.randomPlace().order()));
            }
            store.append(book, next == 0 ? ExpectedRevision.noStream() : ExpectedRevision.exactly(next - 1), events);
            next += n;
            done += n;
        }
    }
}
