package dev.vellum.bench.postgres;

import dev.vellum.bench.decider.CommandThroughput;
import dev.vellum.bench.decider.DeciderScenarios;
import dev.vellum.bench.scenario.BenchOptions;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Comparison;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.bench.store.AggregateLoad;
import dev.vellum.bench.store.AsyncAppends;
import dev.vellum.bench.store.BatchAppends;
import dev.vellum.bench.store.ConcurrentAppends;
import dev.vellum.bench.store.LogRead;
import dev.vellum.bench.store.VellumTarget;
import dev.vellum.postgres.PostgresEventStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The PostgreSQL rows: {@code PostgresEventStore} with its defaults on an embedded PostgreSQL 17
 * ({@link PgServer}), beside raw pgjdbc on the same server and a table of the same shape. The
 * Vellum workloads are the same classes as SQLite's; the store and the baselines differ. Every
 * scenario also has a row against Axon Framework 4's {@code JdbcEventStorageEngine} on the same
 * server as a peer ({@link AxonPeer}), the goal being to stay ahead of it.
 */
public final class PostgresScenarios {

    /** Single-event appends by {@link BenchShape#WRITERS} concurrent writers. */
    public static final String APPEND_CONCURRENT = "pg-append-64";

    /** {@link BenchShape#BATCH}-event appends from one thread. */
    public static final String APPEND_BATCH = "pg-append-100";

    /** Reading and deserializing the whole global log. */
    public static final String READ_ALL = "pg-read-all";

    /** Loading and deserializing one stream of {@link AggregateLoad#EVENTS} events. */
    public static final String LOAD_AGGREGATE = "pg-load-10k";

    /** Commands from {@link BenchShape#WRITERS} clients through a command handler, beside Axon's command bus. */
    public static final String COMMANDS = "pg-commands-64";

    /** A projection catching up {@link #CATCH_UP_EVENTS} events into a table in the same database. */
    public static final String CATCH_UP = "pg-catch-up-100k";

    /** The scenario names, in table order. */
    public static final List<String> NAMES = List.of(APPEND_CONCURRENT, APPEND_BATCH, READ_ALL, LOAD_AGGREGATE,
            COMMANDS, CATCH_UP);

    /** The log the catch-up rows read (a quick run reads a hundredth). */
    private static final int CATCH_UP_EVENTS = 100_000;

    /** Raw connections in the baselines the concurrent rows are judged against (BENCH.md's figures use 16). */
    private static final int RAW_CONNECTIONS = 16;

    private PostgresScenarios() {
    }

    /** The store under test: defaults, a fresh schema per run; PostgreSQL commits are always durable. */
    public static VellumTarget target() {
        return new VellumTarget("PostgresEventStore (defaults)", EnumSet.of(Synchronous.FULL),
                (directory, synchronous) -> PostgresEventStore.builder(PgServer.dataSource())
                        .schema(PgServer.freshSchema()).open());
    }

    /** Every PostgreSQL row. */
    public static List<Comparison> rows(BenchOptions options) {
        VellumTarget target = target();
        Optional<Workload> concurrent = Optional.of(new ConcurrentAppends(target, Synchronous.FULL));
        Workload batchedMany = RawPgInsert.batched(RAW_CONNECTIONS);
        String writers = BenchShape.WRITERS + " writers × 1 event (PostgreSQL)";
        Optional<Workload> batch = Optional.of(new BatchAppends(target, Synchronous.FULL));
        String batches = BenchShape.BATCH + "-event appends, 1 thread (PostgreSQL)";
        Optional<Workload> logRead = Optional.of(new LogRead(target, options.scanEvents()));
        Optional<Workload> load = Optional.of(new AggregateLoad(target));
        // one workload for both of the handler's rows, so it is measured once and its figure is the same in both
        Optional<Workload> handlerLoad = Optional.of(DeciderScenarios.handlerLoad(target, AggregateLoad.EVENTS));
        String loads = "load a " + AggregateLoad.EVENTS + "-event stream + deserialize (PostgreSQL)";
        int catchUps = options.quick() ? CATCH_UP_EVENTS / 100 : CATCH_UP_EVENTS;
        Optional<Workload> projection = Optional.of(new PgProjectionCatchUp(catchUps));
        String catchUp = String.format("projection catch-up of %,d events into a table (PostgreSQL)", catchUps);
        return List.of(
                new Comparison(APPEND_CONCURRENT, writers + " vs raw pg single × " + RAW_CONNECTIONS, concurrent,
                        RawPgInsert.single(RAW_CONNECTIONS), OptionalDouble.empty()),
                new Comparison(APPEND_CONCURRENT, writers + " vs raw pg batched × " + RAW_CONNECTIONS, concurrent,
                        batchedMany, OptionalDouble.of(0.5)),
                new Comparison(APPEND_CONCURRENT, writers + " vs its shape's raw ceiling, 1 connection", concurrent,
                        new RawPgGroupCommit(1), OptionalDouble.empty()),
                new Comparison(APPEND_CONCURRENT, writers + " vs its shape's raw ceiling, 2 connections", concurrent,
                        new RawPgGroupCommit(2), OptionalDouble.empty()),
                new Comparison(APPEND_CONCURRENT, writers + " vs peer Axon 4 JdbcEventStorageEngine", concurrent,
                        AxonPeer.concurrentAppends(), OptionalDouble.of(1.0)),
                new Comparison(APPEND_CONCURRENT, BenchShape.WRITERS + " appendAsync in flight from 1 thread (PostgreSQL) vs raw pg batched × "
                        + RAW_CONNECTIONS, Optional.of(new AsyncAppends(target, Synchronous.FULL)), batchedMany,
                        OptionalDouble.empty()),
                new Comparison(APPEND_BATCH, batches + " vs raw pg batched × 1", batch, RawPgInsert.batched(1),
                        OptionalDouble.of(0.8)),
                new Comparison(APPEND_BATCH, batches + " vs peer Axon 4 JdbcEventStorageEngine", batch,
                        AxonPeer.batchAppends(), OptionalDouble.empty()),
                new Comparison(READ_ALL, "read global log + deserialize (PostgreSQL) vs raw pg scan",
                        logRead, RawPgRead.scan(options.scanEvents()), OptionalDouble.of(0.5)),
                new Comparison(READ_ALL, "read global log + deserialize (PostgreSQL) vs peer Axon 4 readEvents",
                        logRead, AxonPeer.readAll(options.scanEvents()), OptionalDouble.empty()),
                new Comparison(LOAD_AGGREGATE, loads + " vs raw pg stream load", load, RawPgRead.streamLoad(),
                        OptionalDouble.of(0.5)),
                new Comparison(LOAD_AGGREGATE, loads + " vs peer Axon 4 readEvents(aggregate)", load,
                        AxonPeer.aggregateLoad(AggregateLoad.EVENTS), OptionalDouble.empty()),
                new Comparison(LOAD_AGGREGATE, "load a " + AggregateLoad.EVENTS
                        + "-event aggregate through the command handler, no snapshot (PostgreSQL) vs peer Axon 4 "
                        + "EventSourcingRepository.load", handlerLoad, new AxonRepositoryLoad(AggregateLoad.EVENTS),
                        OptionalDouble.of(2.0)),
                new Comparison(LOAD_AGGREGATE, "load a " + AggregateLoad.EVENTS
                        + "-event aggregate through the command handler, no snapshot (PostgreSQL) vs raw pg stream load"
                        + " + deserialize", handlerLoad, RawPgRead.streamLoadDeserialized(), OptionalDouble.of(0.7)),
                commands(target, 0, "distinct aggregates", 3.0),
                commands(target, DeciderScenarios.HOT_AGGREGATES, DeciderScenarios.HOT_AGGREGATES + " hot aggregates",
                        2.0),
                new Comparison(CATCH_UP, catchUp + " vs raw pg catch-up loop", projection, new RawPgCatchUp(catchUps),
                        OptionalDouble.of(0.5)),
                new Comparison(CATCH_UP, catchUp + " vs peer Axon 4 TrackingEventProcessor", projection,
                        new AxonCatchUp(catchUps), OptionalDouble.of(2.0)));
    }

    /** Commands on {@code hot} shared aggregates (0: aggregates of their own), Vellum's handler beside Axon's bus. */
    private static Comparison commands(VellumTarget target, int hot, String aggregates, double goal) {
        return new Comparison(COMMANDS, BenchShape.WRITERS + " clients × 1-event commands, " + aggregates
                + " (PostgreSQL) vs peer Axon 4 command bus", Optional.of(new CommandThroughput(target, Synchronous.FULL,
                hot)), new AxonCommands(hot), OptionalDouble.of(goal));
    }
}
