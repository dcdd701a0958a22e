package dev.vellum.examples.order;

import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.store.EventStore;
import dev.vellum.store.Position;
import dev.vellum.worker.WorkerStatus;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/**
 * The read side of the {@code vellum demo}: runs the {@link OrderSummary} projection over the
 * order log into a SQL read model, waits until it has caught up, and prints the summary and the
 * projection's status. Works on any {@link EventStore} with any {@link SqlReadModel}.
 */
public final class OrderSummaryDemo {

    /**
     * What the read model shows.
     *
     * @param rows every order, largest first
     * @param confirmed how many are confirmed
     * @param total the sum of all amounts
     * @param status the projection's status once caught up
     */
    public record Summary(List<OrderSummary.Row> rows, long confirmed, BigDecimal total, WorkerStatus status) {
    }

    private OrderSummaryDemo() {
    }

    /** Builds (or catches up) the order summary in {@code readModel} and prints it to {@code out}. */
    public static Summary run(EventStore store, SqlReadModel readModel, PrintStream out) throws Exception {
        try (ProjectionRunner runner = ProjectionRunner.create(store)) {
            long started = System.nanoTime();
            RunningProjection projection = runner.start(OrderSummary.projection(), readModel);
            Position head = store.head();
            if (!projection.awaitCheckpoint(head, Duration.ofSeconds(30))) {
                throw new IllegalStateException("The order summary did not catch up to " + head + ": "
                        + projection.status());
            }
            out.printf("Projection '%s' caught up to position %d in %d ms%n", OrderSummary.NAME, head.value(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            List<OrderSummary.Row> rows;
            try (Connection reader = readModel.openReader()) {
                rows = OrderSummary.query(reader);
            }
            long confirmed = rows.stream().filter(r -> r.status().equals("confirmed")).count();
            BigDecimal total = rows.stream().map(OrderSummary.Row::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            out.println("Order summary (read model, largest first):");
            rows.stream().limit(5).forEach(r -> out.printf("  %-6s %-12s %10s %s  %s%n", r.orderId(), r.customer(),
                    r.amount().toPlainString(), r.currency(), r.status()));
            if (rows.size() > 5) {
                out.printf("  ... and %d more%n", rows.size() - 5);
            }
            out.printf("  %d orders, %d confirmed, %s in all%n", rows.size(), confirmed, total.toPlainString());
            WorkerStatus status = projection.status();
            out.printf("Projection status: %s, checkpoint %s of %s, lag %d events, %d parked%n", status.state(),
                    status.checkpoint(), status.head(), status.lagEvents(), status.parkedEvents());
            return new Summary(rows, confirmed, total, status);
        }
    }
}
