package dev.vellum.bench.decider;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.OrderPlaced;
import dev.vellum.bench.order.StreamCursor;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.bench.store.StoreWorkload;
import dev.vellum.bench.store.VellumTarget;
import dev.vellum.decider.CommandConflictException;
import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.snapshot.SnapshotPolicy;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamId;

/**
 * {@link BenchShape#WRITERS} clients sending commands through one {@link CommandHandler}, each
 * command with its own command id (so it is idempotent, checked by its append), loading the state, deciding
 * one event and appending it with the exact expected revision; snapshots every
 * {@value AggregateLoad#EVERY} events in the store's own snapshot table, with the default retry
 * policy. Either every client works on aggregates of its own ({@link StreamCursor}: ten commands
 * an aggregate, then a new one), or all share {@code hot} aggregates, so commands queue in the
 * handler and are appended in batches. A command whose retries run out counts as no event. One operation is one command.
 * When a run ends, the handler's {@code stats()} and {@code cacheStats()} go to standard error beside the progress lines.
 *
 * @param target the store the handler appends to
 * @param synchronous the {@code synchronous} setting it is opened with
 * @param hot how many aggregates all clients share, or 0 for aggregates of their own
 */
public record CommandThroughput(VellumTarget target, Synchronous synchronous, int hot) implements StoreWorkload {

    @Override
    public String name() {
        return "Vellum " + BenchShape.WRITERS + " clients " + (hot == 0 ? "distinct" : hot + " hot") + " " + synchronous;
    }

    @Override
    public Fixture open(EventStore store) throws Exception {
        CommandHandler<OrderBook.Place, OrderBook.State, OrderPlaced> books =
                CommandHandler.builder(store, OrderBook.TYPES, OrderPlaced.class, OrderBook.DECIDER)
                        .snapshots(BenchSnapshots.of(store), SnapshotPolicy.every(AggregateLoad.EVERY), OrderBook.FORMAT)
                        .build();
        return Fixture.of(BenchShape.WRITERS, StreamCursor.perWorker((thread, cursor) -> () -> {
            String stream = cursor.nextCommandStream(thread, hot);
            try {
                books.handle(StreamId.of(stream), OrderBook.randomPlace(),
                        CommandMetadata.of(OrderEvents.randomId().toString()));
                return 1;
            } catch (CommandConflictException e) {
                return 0;
            }
        }), () -> {
            // what contention cost this run, on the progress stream: commands per append, conflicts, give-ups
            System.err.println(name() + " handler " + books.stats() + " " + books.cacheStats());
            store.close();
        });
    }
}
