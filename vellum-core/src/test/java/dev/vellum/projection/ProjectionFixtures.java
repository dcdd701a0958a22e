package dev.vellum.projection;

import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared helpers for the projection tests: appending, recording what a handler saw, waiting. */
final class ProjectionFixtures {

    static final Duration WAIT = Duration.ofSeconds(20);

    private ProjectionFixtures() {
    }

    /** Appends {@code count} events of {@code type}, one per append, round-robin over {@code streams} streams. */
    static Position append(EventStore store, String type, int count, int streams) {
        Position last = store.head();
        for (int i = 0; i < count; i++) {
            last = store.append(StreamId.of("item-" + (i % streams)), ExpectedRevision.any(),
                    EventData.of(type, "{\"n\":" + i + "}")).position();
        }
        return last;
    }

    /** Every event a handler was given, in the order it was given them. */
    static final class Recorder {
        final List<RecordedEvent> seen = new CopyOnWriteArrayList<>();

        <C> ProjectionHandler<C> handler() {
            return (context, event) -> seen.add(event);
        }

        List<Long> positions() {
            return seen.stream().map(e -> e.position().value()).toList();
        }
    }

    /** Waits until the projection's checkpoint reaches {@code target}, failing with its status if it does not. */
    static void awaitCheckpoint(RunningProjection projection, Position target) throws InterruptedException {
        if (!projection.awaitCheckpoint(target, WAIT)) {
            throw new AssertionError("Projection did not reach " + target + ": " + projection.status());
        }
    }

    /** Waits until {@code condition} holds, failing after a generous bound. */
    static void eventually(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
