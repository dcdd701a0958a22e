package dev.vellum.store.internal;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.store.StoreUnavailableException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory checkpoint store that can be told to fail its next units of work (and reads of
 * checkpoints) with {@link StoreUnavailableException}, as a read-model database does while it restarts.
 */
public final class FlakyCheckpointStore implements CheckpointStore<ProjectionContext> {

    private final InMemoryCheckpointStore inner = new InMemoryCheckpointStore();
    private final AtomicInteger failing = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    /** Fails the next {@code calls} units of work or checkpoint reads. */
    public void fail(int calls) {
        failing.set(calls);
    }

    /** How many calls failed so far. */
    public int failed() {
        return failed.get();
    }

    private void failIfTold() {
        if (failing.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            failed.incrementAndGet();
            throw new StoreUnavailableException("The test's read-model database is down", null);
        }
    }

    @Override
    public boolean exactlyOnce() {
        return inner.exactlyOnce();
    }

    @Override
    public Optional<Checkpoints> checkpoints(ProjectionId projection) {
        failIfTold();
        return inner.checkpoints(projection);
    }

    @Override
    public Optional<ProjectionId> active(String name) {
        return inner.active(name);
    }

    @Override
    public List<ParkedEvent> parkedEvents(ProjectionId projection) {
        return inner.parkedEvents(projection);
    }

    @Override
    public Transaction<ProjectionContext> begin(ProjectionId projection) {
        failIfTold();
        return inner.begin(projection);
    }
}
