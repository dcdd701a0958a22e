package dev.vellum.reactor.memory;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.reactor.tck.EventRetriesSuite;
import dev.vellum.store.EventStore;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.timer.memory.InMemoryTimerStore;
import java.nio.file.Path;

/** Reactors and process managers retry on the in-memory stores. */
class InMemoryEventRetriesTest extends EventRetriesSuite<ProjectionContext, InMemoryTimerStore> {

    @Override
    protected EventStore openStore(Path dir) {
        return new InMemoryEventStore();
    }

    @Override
    protected CheckpointStore<ProjectionContext> openReadModel(Path dir) {
        return new InMemoryCheckpointStore();
    }

    @Override
    protected InMemoryTimerStore openOutbox(CheckpointStore<ProjectionContext> readModel) {
        return new InMemoryTimerStore();
    }

    @Override
    protected void close(CheckpointStore<ProjectionContext> readModel) {
        // nothing to close in memory
    }
}
