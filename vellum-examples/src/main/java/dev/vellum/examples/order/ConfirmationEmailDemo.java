package dev.vellum.examples.order;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.reactor.Reactor;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.time.VellumClock;
import dev.vellum.timer.sql.SqlTimerStore;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The side-effect part of the {@code vellum demo}: the {@link ConfirmationEmails} reactor runs
 * while two orders are placed and one is rejected; the mail server fails once, so one email is
 * retried; each outcome is recorded as an event; then every event the reactor handled is read by
 * it again (its checkpoint moved back), and no email goes out again.
 */
public final class ConfirmationEmailDemo {

    /**
     * What happened.
     *
     * @param outcomes the recorded outcome events, in log order
     * @param mailerCalls how often the mail server was called (a retry included)
     * @param sentAgainOnReplay how many emails the replay sent (always 0)
     */
    public record Summary(List<RecordedEvent> outcomes, int mailerCalls, int sentAgainOnReplay) {
    }

    private ConfirmationEmailDemo() {
    }

    /** Runs the scenario, its outbox and checkpoint in {@code readModel}, printing to {@code out}. */
    public static Summary run(EventStore store, SqlReadModel readModel, PrintStream out) throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        ConfirmationEmails.Mailer mailer = (to, subject, body, key) -> {
            if (calls.incrementAndGet() == 1) {
                out.printf("  mail server: timed out sending to %s (will be retried with the same key)%n", to);
                throw new IllegalStateException("mail server timed out");
            }
            out.printf("  mail server: sent \"%s\" to %s (idempotency key %s)%n", subject, to, key);
            return "msg-" + calls.get();
        };
        Reactor<EmailEvent> reactor = ConfirmationEmails.reactor(mailer, VellumClock.system(), Duration.ofMillis(200));
        SqlTimerStore outbox = new SqlTimerStore(readModel);
        CheckpointStore<SqlContext> checkpoints = readModel;
        CommandHandler<OrderCommand, Order, OrderEvent> orders = CommandHandler
                .builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();

        out.println("Confirmation emails (reactor '" + ConfirmationEmails.NAME + "'; it starts at the head of the log,"
                + " so the orders above get none):");
        List<RecordedEvent> outcomes;
        Position startedAt = store.head(); // a new reactor starts here: it never acts on history
        try (RunningReactor emails = reactor.start(store, checkpoints, outbox)) {
            place(orders, "mail-1", "ada@example.com", new BigDecimal("42.00"), out);
            place(orders, "mail-2", "grace@example.com", new BigDecimal("17.50"), out);
            place(orders, "mail-3", "linus@example.com", BigDecimal.ZERO, out);
            outcomes = awaitOutcomes(store, 2);
            emails.awaitCheckpoint(store.head(), Duration.ofSeconds(10)); // it has decided on every order too
        }
        for (RecordedEvent outcome : outcomes) {
            out.printf("  recorded %s in %s at position %s: %s%n", outcome.type(), outcome.stream(), outcome.position(),
                    outcome.data());
        }
        int before = calls.get();
        try (RunningReactor replay = reactor.start(store, checkpoints, outbox)) {
            replay.replayFrom(startedAt); // read again every event it has handled
            replay.awaitCheckpoint(store.head(), Duration.ofSeconds(30));
            Thread.sleep(300);
        }
        int again = calls.get() - before;
        out.printf("Replayed positions %d to %d through the reactor again: %d emails sent again, %d outcomes recorded in all%n",
                startedAt.value() + 1, store.head().value(), again, awaitOutcomes(store, 2).size());
        return new Summary(outcomes, before, again);
    }

    private static void place(CommandHandler<OrderCommand, Order, OrderEvent> orders, String orderId, String customer,
            BigDecimal amount, PrintStream out) {
        CommandResult<OrderEvent> result = orders.handle(StreamId.of("order", orderId),
                new OrderCommand.PlaceOrder(orderId, customer, amount, "EUR"), CommandMetadata.of("place-" + orderId));
        switch (result) {
            case CommandResult.Accepted<OrderEvent> a -> out.printf("  order %s placed at position %s%n", orderId, a.position());
            case CommandResult.Rejected<OrderEvent> r -> out.printf("  order %s rejected (%s): no event, so no email%n",
                    orderId, r.code());
        }
    }

    private static List<RecordedEvent> awaitOutcomes(EventStore store, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<RecordedEvent> outcomes = store.readAll(Position.START, LogFilter.categories("confirmationemail"), 100);
            if (outcomes.size() >= count || System.nanoTime() > deadline) {
                return outcomes;
            }
            Thread.sleep(20);
        }
    }
}
