package dev.vellum.examples.order;

import dev.vellum.examples.order.OrderEvent.OrderConfirmed;
import dev.vellum.examples.order.OrderEvent.OrderPlaced;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Metadata;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.Subscription;
import dev.vellum.store.WrongExpectedRevisionException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code vellum demo} scenario: place orders, confirm every other one, show an optimistic
 * concurrency conflict and an idempotent retry, read one stream back, and count everything with a
 * live subscription. Works on any {@link EventStore}.
 */
public final class OrderDemo {

    /**
     * What the demo did.
     *
     * @param placed orders placed
     * @param confirmed orders confirmed
     * @param head the global log's last position
     * @param seenByType what the subscription counted, by event type
     * @param conflictActualRevision the actual revision the deliberate conflict reported
     * @param retryReturnedOriginal true when the resent append returned the original result
     */
    public record Summary(int placed, int confirmed, Position head, Map<String, Long> seenByType,
            long conflictActualRevision, boolean retryReturnedOriginal) {
    }

    private OrderDemo() {
    }

    /** Runs the scenario on {@code store}, printing what happens to {@code out}. */
    public static Summary run(EventStore store, int orders, PrintStream out) throws InterruptedException {
        if (orders < 2) {
            throw new IllegalArgumentException("The demo needs at least 2 orders, got " + orders);
        }
        Map<String, LongAdder> seen = new ConcurrentHashMap<>();
        try (Subscription counter = store.subscribe(Position.START, LogFilter.categories("order"),
                event -> seen.computeIfAbsent(event.type(), t -> new LongAdder()).increment())) {
            long started = System.nanoTime();
            for (int i = 1; i <= orders; i++) {
                OrderPlaced placed = new OrderPlaced("o" + i, "customer-" + (i % 7),
                        BigDecimal.valueOf(1000 + i * 37L, 2), "EUR");
                store.append(orderStream(i), ExpectedRevision.noStream(),
                        OrderEvent.TYPES.serialize(placed, Metadata.EMPTY.withCorrelationId("checkout-" + i)));
            }
            int confirmed = 0;
            EventData firstConfirmation = null;
            AppendResult firstResult = null;
            for (int i = 1; i <= orders; i += 2) {
                EventData confirmation = OrderEvent.TYPES.serialize(new OrderConfirmed("o" + i, Instant.now()));
                AppendResult result = store.append(orderStream(i), ExpectedRevision.exactly(0), confirmation);
                confirmed++;
                if (i == 1) {
                    firstConfirmation = confirmation;
                    firstResult = result;
                }
            }
            out.printf("Placed %d orders and confirmed %d in %d ms%n", orders, confirmed,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());

            long actual = showConflict(store, out);
            boolean sameResult = showRetry(store, firstConfirmation, firstResult, out);

            out.println("Stream order-1:");
            for (RecordedEvent event : store.readStream(orderStream(1))) {
                out.printf("  r%d @%d %-15s %s%n", event.revision(), event.position().value(), event.type(),
                        OrderEvent.TYPES.deserialize(event));
            }

            Position head = store.head();
            if (!counter.awaitPosition(head, Duration.ofSeconds(10))) {
                throw new IllegalStateException("The subscription did not reach position " + head + ": "
                        + counter.state() + counter.failure().map(f -> " " + f).orElse(""));
            }
            Map<String, Long> counts = new TreeMap<>();
            seen.forEach((type, n) -> counts.put(type, n.sum()));
            out.printf("Subscription (live, category 'order') saw %s up to position %d%n", counts, head.value());
            return new Summary(orders, confirmed, head, counts, actual, sameResult);
        }
    }

    private static long showConflict(EventStore store, PrintStream out) {
        try {
            store.append(orderStream(1), ExpectedRevision.exactly(0),
                    OrderEvent.TYPES.serialize(new OrderConfirmed("o1", Instant.now())));
            throw new IllegalStateException("A stale expected revision was accepted");
        } catch (WrongExpectedRevisionException e) {
            out.println("Conflict, as expected: " + e.getMessage());
            return e.actualRevision();
        }
    }

    private static boolean showRetry(EventStore store, EventData event, AppendResult original, PrintStream out) {
        AppendResult again = store.append(orderStream(1), ExpectedRevision.exactly(0), event);
        out.printf("Resent a confirmation after a 'lost reply': got revision %d at position %d again, nothing stored twice%n",
                again.revision(), again.position().value());
        return again.equals(original);
    }

    private static StreamId orderStream(int i) {
        return StreamId.of("order", i);
    }
}
