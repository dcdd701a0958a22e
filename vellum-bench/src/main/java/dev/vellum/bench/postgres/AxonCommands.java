package dev.vellum.bench.postgres;

import dev.vellum.bench.BenchShape;
import dev.vellum.bench.Fixture;
import dev.vellum.bench.Workload;
import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.StreamCursor;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;

/**
 * The peer of the command rows on PostgreSQL: Axon Framework 4 at the command level, without
 * Spring, as its reference guide sets it up for an event-sourced aggregate: the annotated
 * {@link AxonOrderBook}, an {@code EventSourcingRepository} (Axon's default pessimistic lock per
 * aggregate, so commands for one aggregate wait for each other in the process) on an
 * {@code EmbeddedEventStore} over the same {@code JdbcEventStorageEngine} as {@link AxonPeer},
 * a snapshot every {@value #SNAPSHOT_EVERY} events ({@code EventCountSnapshotTriggerDefinition},
 * {@code AggregateSnapshotter} on Axon's direct executor, as Vellum's handler takes its
 * snapshots on the caller's thread), a {@code SimpleCommandBus} with one JDBC transaction per
 * command ({@link UnitOfWorkTransactions}), and a {@code DefaultCommandGateway}'s
 * {@code sendAndWait} from each client. {@link BenchShape#WRITERS} clients, on aggregates of their
 * own (ten commands each, then a new one) or all on {@code hot} aggregates; one operation is one
 * command, a failed command counts as none. No aggregate cache: Axon loads the aggregate (its
 * snapshot and the events after it) for every command.
 */
final class AxonCommands implements Workload {

    /** Events between snapshots, as in Vellum's command rows. */
    static final int SNAPSHOT_EVERY = 100;

    private final int hot;

    /** @param hot how many aggregates all clients share, or 0 for aggregates of their own */
    AxonCommands(int hot) {
        this.hot = hot;
    }

    @Override
    public String name() {
        return "peer Axon 4 command bus " + BenchShape.WRITERS + " clients " + (hot == 0 ? "distinct" : hot + " hot");
    }

    @Override
    public boolean reportsLatency() {
        return true;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        ConnectionProvider connections = new UnitOfWorkAwareConnectionProviderWrapper(
                new DataSourceConnectionProvider(PgServer.dataSource()));
        UnitOfWorkTransactions transactions = new UnitOfWorkTransactions(connections);
        JdbcEventStorageEngine engine = AxonPeer.engine(connections, transactions);
        EmbeddedEventStore events = EmbeddedEventStore.builder().storageEngine(engine).build();
        AggregateSnapshotter snapshotter = AggregateSnapshotter.builder()
                .eventStore(events)
                .aggregateFactories(new GenericAggregateFactory<>(AxonOrderBook.class))
                .transactionManager(transactions)
                .build();
        EventSourcingRepository<AxonOrderBook> books = EventSourcingRepository.builder(AxonOrderBook.class)
                .eventStore(events)
                .snapshotTriggerDefinition(new EventCountSnapshotTriggerDefinition(snapshotter, SNAPSHOT_EVERY))
                .build();
        SimpleCommandBus bus = SimpleCommandBus.builder().transactionManager(transactions).build();
        AggregateAnnotationCommandHandler.<AxonOrderBook>builder()
                .aggregateType(AxonOrderBook.class)
                .repository(books)
                .build()
                .subscribe(bus);
        CommandGateway gateway = DefaultCommandGateway.builder().commandBus(bus).build();
        AtomicLong streams = new AtomicLong();
        return Fixture.of(BenchShape.WRITERS, thread -> {
            StreamCursor cursor = new StreamCursor(streams);
            return () -> {
                String book;
                if (hot == 0) {
                    cursor.advance();
                    book = cursor.streamName();
                } else {
                    book = OrderEvents.streamName(1 + thread % hot);
                }
                try {
                    gateway.sendAndWait(new AxonOrderBook.Place(book, AxonPeer.randomOrder()));
                    return 1;
                } catch (RuntimeException e) {
                    return 0;
                }
            };
        }, events::shutDown);
    }
}
