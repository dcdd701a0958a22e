package dev.vellum.bench.postgres;

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
 * Axon Framework 4 at the command level, without Spring, as its reference guide sets up an
 * event-sourced aggregate: the annotated {@link AxonOrderBook}, an {@code EventSourcingRepository}
 * (Axon's default pessimistic lock per aggregate, so commands for one aggregate wait for each
 * other in the process) on an {@code EmbeddedEventStore} over the same {@code JdbcEventStorageEngine}
 * as {@link AxonPeer} in a fresh schema, optionally a snapshot every {@value #SNAPSHOT_EVERY} events
 * ({@code EventCountSnapshotTriggerDefinition}, {@code AggregateSnapshotter} on Axon's direct
 * executor, so on the command's thread after its commit, as Vellum's handler takes its own), a
 * {@code SimpleCommandBus} with one JDBC transaction per command ({@link UnitOfWorkTransactions}),
 * and a {@code DefaultCommandGateway}. No aggregate cache: the repository loads the aggregate (its
 * snapshot and the events after it) for every command.
 *
 * @param connections the unit-of-work-aware connections everything of the stack uses
 * @param transactions one JDBC transaction per unit of work
 * @param engine the storage engine, for writing a log before the clock starts
 * @param events the event store
 * @param books the repository
 * @param gateway where commands are sent
 */
record AxonStack(ConnectionProvider connections, UnitOfWorkTransactions transactions, JdbcEventStorageEngine engine, EmbeddedEventStore events, EventSourcingRepository<AxonOrderBook> books,
        CommandGateway gateway) {

    /** Events between snapshots, as in Vellum's command rows. */
    static final int SNAPSHOT_EVERY = 100;

    /** A new stack on a fresh schema; with or without snapshots. */
    static AxonStack open(boolean snapshots) throws Exception {
        ConnectionProvider connections = new UnitOfWorkAwareConnectionProviderWrapper(
                new DataSourceConnectionProvider(PgServer.dataSource()));
        UnitOfWorkTransactions transactions = new UnitOfWorkTransactions(connections);
        JdbcEventStorageEngine engine = AxonPeer.engine(connections, transactions);
        EmbeddedEventStore events = EmbeddedEventStore.builder().storageEngine(engine).build();
        EventSourcingRepository.Builder<AxonOrderBook> repository = EventSourcingRepository.builder(AxonOrderBook.class)
                .eventStore(events);
        if (snapshots) {
            AggregateSnapshotter snapshotter = AggregateSnapshotter.builder()
                    .eventStore(events)
                    .aggregateFactories(new GenericAggregateFactory<>(AxonOrderBook.class))
                    .transactionManager(transactions)
                    .build();
            repository.snapshotTriggerDefinition(new EventCountSnapshotTriggerDefinition(snapshotter, SNAPSHOT_EVERY));
        }
        EventSourcingRepository<AxonOrderBook> books = repository.build();
        SimpleCommandBus bus = SimpleCommandBus.builder().transactionManager(transactions).build();
        AggregateAnnotationCommandHandler.<AxonOrderBook>builder()
                .aggregateType(AxonOrderBook.class)
                .repository(books)
                .build()
                .subscribe(bus);
        return new AxonStack(connections, transactions, engine, events, books, DefaultCommandGateway.builder().commandBus(bus).build());
    }
}
