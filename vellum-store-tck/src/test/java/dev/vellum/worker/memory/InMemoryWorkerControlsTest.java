package dev.vellum.worker.memory;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.store.EventStore;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.timer.memory.InMemoryTimerStore;
import dev.vellum.worker.tck.WorkerControlsSuite;
import java.nio.file.Path;

/** Every control of every worker kind through the registry, on the in-memory stores. */
class InMemoryWorkerControlsTest extends WorkerControlsSuite<ProjectionContext, InMemoryTimerStore> {

    private final InMemoryTimerStore outbox = new InMemoryTimerStore();

    @Override
    protected EventStore openStore(Path directory) {
        return new InMemoryEventStore();
    }

    @Override
    protected CheckpointStore<ProjectionContext> openCheckpoints(Path directory) {
        return new InMemoryCheckpointStore();
    }

    @Override
    protected InMemoryTimerStore outbox(CheckpointStore<ProjectionContext> checkpoints) {
        return outbox;
    }
}
