package dev.vellum.examples.order;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamId;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A parked event and its fix in the {@code vellum demo}: the {@link OrderRevenue} projection runs
 * with rates for EUR and USD only, an order in GBP is placed and parks with an error saying which
 * rate to add, the rate is added to the rates file as an operator would, and retrying the parked
 * event applies it. Works on any {@link EventStore} with any {@link SqlReadModel}.
 */
public final class OrderRevenueDemo {

    /** The order placed in a currency without a rate. */
    public static final String ORDER = "gbp-1";

    /**
     * What happened.
     *
     * @param parked the event as it was parked, with its error
     * @param parkedAfterRetry how many events were still parked after the retry
     * @param euros the read model's total revenue in euros afterwards
     */
    public record Summary(ParkedEvent parked, int parkedAfterRetry, BigDecimal euros) {
    }

    private OrderRevenueDemo() {
    }

    /** The rates the demo starts with: EUR and USD, no GBP. */
    public static void writeStartingRates(ExchangeRates rates) {
        rates.put("EUR", BigDecimal.ONE);
        rates.put("USD", new BigDecimal("0.92"));
    }

    /** Runs the scenario, printing what happens to {@code out}; {@code rates} should hold no GBP rate yet. */
    public static Summary run(EventStore store, SqlReadModel readModel, ExchangeRates rates, PrintStream out)
            throws Exception {
        CommandHandler<OrderCommand, Order, OrderEvent> orders = CommandHandler
                .builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();
        try (ProjectionRunner runner = ProjectionRunner.create(store)) {
            RunningProjection revenue = runner.start(OrderRevenue.projection(rates), readModel);
            orders.handle(StreamId.of("order", ORDER), new OrderCommand.PlaceOrder(ORDER, "lin@example.com",
                    new BigDecimal("40.00"), "GBP"), CommandMetadata.of("place-" + ORDER));
            await(() -> !revenue.parkedEvents().isEmpty(), "the GBP order to park", revenue);
            ParkedEvent parked = revenue.parkedEvents().getFirst();
            out.printf("Projection '%s' parked the event at position %d (%s %s): %s%n", OrderRevenue.NAME,
                    parked.position().value(), parked.type(), parked.stream(), parked.error());
            rates.put("GBP", new BigDecimal("1.17"));
            revenue.retryParked(parked.position());
            List<ParkedEvent> left = revenue.parkedEvents();
            BigDecimal euros;
            try (Connection reader = readModel.openReader()) {
                euros = OrderRevenue.total(reader);
            }
            out.printf("Added GBP=1.17 to %s and retried it: %d parked, %s EUR of revenue in the read model%n",
                    rates.file(), left.size(), euros.toPlainString());
            return new Summary(parked, left.size(), euros);
        }
    }

    private static void await(BooleanSupplier condition, String what, RunningProjection projection)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Waited 30 s for " + what + ": " + projection.status());
            }
            Thread.sleep(20);
        }
    }
}
