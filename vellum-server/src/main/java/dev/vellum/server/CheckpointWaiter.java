package dev.vellum.server;

import dev.vellum.store.Position;
import java.time.Duration;

/**
 * Waits for a read model to reach a position, so a command's answer can say whether the read side
 * has its events yet. A running projection's {@code awaitCheckpoint} is one:
 * {@code builder.projection("order-summary", running::awaitCheckpoint)}.
 */
@FunctionalInterface
public interface CheckpointWaiter {

    /**
     * Waits up to {@code timeout} until the checkpoint reaches {@code target}.
     *
     * @return true when reached in time
     */
    boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException;
}
