package dev.vellum.bench.store;

import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.Position;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A projection catching up a whole log into a fresh SQLite read model: from position 0 to the head,
 * each event read, deserialized and written as a row in the projection's transaction, checkpoint
 * included. One operation is one complete catch-up into a new read-model file; the counterpart of
 * raw scan over the same log.
 *
 * @param log the log whose copy is caught up
 */
public record ProjectionCatchUp(LogTemplate log) implements Workload {

    private static final Duration LIMIT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "Vellum projection catch-up";
    }

    @Override
    public boolean reportsLatency() {
        return false;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        SqliteEventStore store = SqliteEventStore.open(log.copyInto(directory));
        Position head = store.head();
        AtomicInteger readModels = new AtomicInteger();
        return Fixture.of(1, thread -> () -> {
            try (SqliteReadModel readModel = SqliteReadModel.open(directory.resolve("read-" + readModels.incrementAndGet() + ".db"));
                    ProjectionRunner runner = ProjectionRunner.create(store)) {
                RunningProjection projection = runner.start(OrderReadModel.projection(), readModel);
                if (!projection.awaitCheckpoint(head, LIMIT)) {
                    throw new IllegalStateException("The projection did not catch up: " + projection.status());
                }
            }
            return (int) head.value();
        }, store::close);
    }
}
