package dev.vellum.bench.postgres;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.scenario.Blackhole;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Workload;
import java.nio.file.Path;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.Aggregate;

/**
 * The peer of the aggregate load through Vellum's command handler: Axon's
 * {@code EventSourcingRepository.load} of one {@link AxonOrderBook} of {@code events} events
 * (written before the clock starts), without snapshots, in a unit of work of its own as a command
 * handler would run it, every event deserialized and applied by the aggregate's event sourcing
 * handler; the unit of work is rolled back after reading the count (nothing changed). One
 * operation is one load; its events are the aggregate's size.
 */
final class AxonRepositoryLoad implements Workload {

    private final int events;

    /** @param events the aggregate's size */
    AxonRepositoryLoad(int events) {
        this.events = events;
    }

    @Override
    public String name() {
        return "peer Axon 4 EventSourcingRepository.load";
    }

    @Override
    public boolean reportsLatency() {
        return true;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        AxonStack axon = AxonStack.open(false);
        String book = OrderEvents.streamName(1);
        AxonPeer.appendAggregate(axon.engine(), book, events);
        Blackhole blackhole = new Blackhole();
        return Fixture.of(1, thread -> () -> {
            UnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
            try {
                Aggregate<AxonOrderBook> loaded = axon.books().load(book);
                long orders = loaded.invoke(AxonOrderBook::orders);
                if (orders != events) {
                    throw new IllegalStateException("Axon loaded " + orders + " orders, not " + events);
                }
                blackhole.consume(loaded.invoke(AxonOrderBook::total));
            } finally {
                unit.rollback();
            }
            return events;
        }, axon.events()::shutDown);
    }
}
