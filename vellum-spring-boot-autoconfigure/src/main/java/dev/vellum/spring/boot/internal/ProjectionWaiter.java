package dev.vellum.spring.boot.internal;

import dev.vellum.projection.RunningProjection;
import dev.vellum.server.CheckpointWaiter;
import dev.vellum.spring.boot.VellumWorkers;
import dev.vellum.store.Position;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits for the projection {@code name} as {@link VellumWorkers} runs it now: the running projection
 * changes when the context restarts or a lease moves, so it is looked up at each wait; false at once
 * when it does not run on this instance.
 */
public record ProjectionWaiter(VellumWorkers workers, String name) implements CheckpointWaiter {

    @Override
    public boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException {
        Optional<RunningProjection> running = workers.projection(name);
        return running.isPresent() && running.get().awaitCheckpoint(target, timeout);
    }
}
