package dev.vellum.bench.postgres;

import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.bench.store.BatchAppends;
import dev.vellum.bench.store.OrderReadModel;
import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.postgres.PostgresReadModel;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.store.Position;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A projection catching up a log of {@code events} events on PostgreSQL into a fresh
 * {@code PostgresReadModel} in a schema of its own in the same database: each event read,
 * deserialized and inserted as a row of {@code orders} in the projection's transaction, checkpoint
 * included (the bench's {@link OrderReadModel}, as the SQLite catch-up). The log is written once,
 * in {@link BenchShape#BATCH}-event appends, before the clock starts; one operation is one whole
 * catch-up into a new read model.
 */
final class PgProjectionCatchUp implements Workload {

    private static final Duration LIMIT = Duration.ofMinutes(5);

    private final int events;

    /** @param events the log's size */
    PgProjectionCatchUp(int events) {
        this.events = events;
    }

    @Override
    public String name() {
        return "Vellum projection catch-up (PostgreSQL)";
    }

    @Override
    public boolean reportsLatency() {
        return false;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        PostgresEventStore store = PostgresEventStore.builder(PgServer.dataSource()).schema(PgServer.freshSchema()).open();
        for (int stream = 1; stream * BenchShape.BATCH <= events; stream++) {
            BatchAppends.appendBatch(store, stream);
        }
        Position head = store.head();
        return Fixture.of(1, thread -> () -> {
            try (PostgresReadModel readModel = PostgresReadModel.builder(PgServer.dataSource())
                    .schema(PgServer.freshSchema()).open();
                    ProjectionRunner runner = ProjectionRunner.create(store)) {
                RunningProjection projection = runner.start(OrderReadModel.projection(), readModel);
                if (!projection.awaitCheckpoint(head, LIMIT)) {
                    throw new IllegalStateException("The projection did not catch up: " + projection.status());
                }
            }
            return events;
        }, store::close);
    }
}
