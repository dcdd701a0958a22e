package dev.vellum.integration.memory;

import dev.vellum.integration.IntegrationMessage;
import dev.vellum.integration.IntegrationSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps delivered messages in a list, for tests and examples. It can be told to fail the next
 * deliveries, to see the publisher retry. Thread-safe.
 */
public final class InMemorySink implements IntegrationSink {

    private final List<IntegrationMessage> delivered = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();

    @Override
    public void deliver(List<IntegrationMessage> messages) {
        attempts.incrementAndGet();
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("InMemorySink was told to fail this delivery");
        }
        synchronized (delivered) {
            delivered.addAll(messages);
        }
    }

    /** Makes the next {@code count} deliveries fail. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    /** Every message delivered so far, in delivery order (repeats included). */
    public List<IntegrationMessage> delivered() {
        synchronized (delivered) {
            return List.copyOf(delivered);
        }
    }

    /** How many times {@link #deliver} was called, failed calls included. */
    public int attempts() {
        return attempts.get();
    }
}
