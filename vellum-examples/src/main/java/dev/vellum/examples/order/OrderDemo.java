package dev.vellum.examples.order;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.examples.order.OrderCommand.ConfirmOrder;
import dev.vellum.examples.order.OrderCommand.PlaceOrder;
import dev.vellum.examples.order.OrderEvent.OrderConfirmed;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
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
 * The {@code vellum demo} scenario: place orders and confirm every other one through the order
 * aggregate's command handler, show a rejected command with its code, resend a command after a
 * "lost reply" and get its original result, show the store's own optimistic-concurrency check,
 * read one stream back, and count everything with a live subscription. Works on any
 * {@link EventStore}.
 */
public final class OrderDemo {

    /**
     * What the demo did.
     *
     * @param placed orders placed
     * @param confirmed orders confirmed
     * @param head the global log's last position
     * @param seenByType what the subscription counted, by event type
     * @param rejection the result of confirming an order a second time
     * @param conflictActualRevision the actual revision the deliberate store-level conflict reported
     * @param retryReturnedOriginal true when the resent command returned the original result
     */
    public record Summary(int placed, int confirmed, Position head, Map<String, Long> seenByType,
            CommandResult.Rejected<OrderEvent> rejection, long conflictActualRevision, boolean retryReturnedOriginal) {
    }

    private OrderDemo() {
    }

    /** Runs the scenario on {@code store}, printing what happens to {@code out}. */
    public static Summary run(EventStore store, int orders, PrintStream out) throws InterruptedException {
        if (orders < 2) {
            throw new IllegalArgumentException("The demo needs at least 2 orders, got " + orders);
        }
        CommandHandler<OrderCommand, Order, OrderEvent> handler =
                CommandHandler.builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();
        Map<String, LongAdder> seen = new ConcurrentHashMap<>();
        try (Subscription counter = store.subscribe(Position.START, LogFilter.categories("order"),
                event -> seen.computeIfAbsent(event.type(), t -> new LongAdder()).increment())) {
            long started = System.nanoTime();
            for (int i = 1; i <= orders; i++) {
                handler.handle(orderStream(i), new PlaceOrder("o" + i, "customer-" + (i % 7),
                        BigDecimal.valueOf(1000 + i * 37L, 2), "EUR"),
                        CommandMetadata.of("place-o" + i).withCorrelationId("checkout-" + i));
            }
            int confirmed = 0;
            CommandResult<OrderEvent> firstConfirmation = null;
            for (int i = 1; i <= orders; i += 2) {
                CommandResult<OrderEvent> result = handler.handle(orderStream(i),
                        new ConfirmOrder("o" + i, Instant.now()), CommandMetadata.of("confirm-o" + i));
                confirmed += result instanceof CommandResult.Accepted<OrderEvent> ? 1 : 0;
                firstConfirmation = i == 1 ? result : firstConfirmation;
            }
            out.printf("Placed %d orders and confirmed %d through the order aggregate in %d ms%n", orders, confirmed,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            out.println("Accepted: confirm o1 -> " + firstConfirmation);

            CommandResult.Rejected<OrderEvent> rejection = showRejection(handler, out);
            boolean sameResult = showRetry(handler, firstConfirmation, out);
            long actual = showConflict(store, out);

            out.println("Stream order-1:");
            for (RecordedEvent event : store.readStream(orderStream(1))) {
                out.printf("  r%d @%d %-15s %s  (command %s, correlation %s)%n", event.revision(),
                        event.position().value(), event.type(), OrderEvent.TYPES.deserialize(event),
                        event.metadata().header(CommandMetadata.COMMAND_HEADER), event.metadata().correlationId());
            }

            Position head = store.head();
            if (!counter.awaitPosition(head, Duration.ofSeconds(10))) {
                throw new IllegalStateException("The subscription did not reach position " + head + ": "
                        + counter.state() + counter.failure().map(f -> " " + f).orElse(""));
            }
            Map<String, Long> counts = new TreeMap<>();
            seen.forEach((type, n) -> counts.put(type, n.sum()));
            out.printf("Subscription (live, category 'order') saw %s up to position %d%n", counts, head.value());
            return new Summary(orders, confirmed, head, counts, rejection, actual, sameResult);
        }
    }

    private static CommandResult.Rejected<OrderEvent> showRejection(
            CommandHandler<OrderCommand, Order, OrderEvent> handler, PrintStream out) {
        CommandResult<OrderEvent> again = handler.handle(orderStream(1), new ConfirmOrder("o1", Instant.now()),
                CommandMetadata.of("confirm-o1-again"));
        if (!(again instanceof CommandResult.Rejected<OrderEvent> rejected)) {
            throw new IllegalStateException("Confirming an order twice was accepted: " + again);
        }
        out.println("Rejected: confirm o1 again -> " + rejected.code() + " (" + rejected.reason() + "), nothing appended");
        return rejected;
    }

    private static boolean showRetry(CommandHandler<OrderCommand, Order, OrderEvent> handler,
            CommandResult<OrderEvent> original, PrintStream out) {
        CommandResult<OrderEvent> again = handler.handle(orderStream(1), new ConfirmOrder("o1", Instant.now()),
                CommandMetadata.of("confirm-o1"));
        out.println("Resent command confirm-o1 after a 'lost reply': got the original result again, nothing stored twice");
        return again.equals(original);
    }

    private static long showConflict(EventStore store, PrintStream out) {
        try {
            store.append(orderStream(1), ExpectedRevision.exactly(0),
                    OrderEvent.TYPES.serialize(new OrderConfirmed("o1", Instant.now())));
            throw new IllegalStateException("A stale expected revision was accepted");
        } catch (WrongExpectedRevisionException e) {
            out.println("Store-level conflict, as expected (the handler retries these itself): " + e.getMessage());
            return e.actualRevision();
        }
    }

    private static StreamId orderStream(int i) {
        return StreamId.of("order", i);
    }
}
