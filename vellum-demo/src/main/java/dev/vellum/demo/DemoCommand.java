package dev.vellum.demo;

import dev.vellum.examples.order.ConfirmationEmailDemo;
import dev.vellum.examples.order.ExchangeRates;
import dev.vellum.examples.order.OrderDemo;
import dev.vellum.examples.order.OrderRevenue;
import dev.vellum.examples.order.OrderReminderDemo;
import dev.vellum.examples.order.OrderRevenueDemo;
import dev.vellum.examples.order.OrderSummaryDemo;
import dev.vellum.server.cli.ServeOptions;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vellum demo}: the order example on the embedded SQLite store, placing and confirming
 * orders through the order aggregate's command handler, with a summary; then the order summary
 * read model, the confirmation emails sent by a reactor with their recorded outcomes, an order in a
 * currency without an exchange rate parked by the order-revenue projection and retried once the rate
 * is added, and the order-reminder process manager with its timers. With {@code --serve} it then
 * serves the demo's store over the HTTP API until stopped, with the {@link DemoWorkers} running.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the order example (commands through the order aggregate) on the embedded SQLite store and prints a summary.")
final class DemoCommand implements Callable<Integer> {

    /** The read models' database, beside the event store's. */
    private static final String READ_MODELS = "read-models.db";

    /** The exchange rates the order-revenue projection reads, beside the databases. */
    private static final String RATES = "exchange-rates.properties";

    @Option(names = "--data-dir", defaultValue = ".vellum/demo",
            description = "Where the demo keeps its database; emptied first (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--orders", defaultValue = "20", description = "How many orders to place (default: ${DEFAULT-VALUE}).")
    private int orders;

    @Option(names = "--serve", description = "Then keep serving the demo's store over the HTTP API until stopped.")
    private boolean serve;

    @Mixin
    private ServeOptions serveOptions;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir.toAbsolutePath().normalize();
        reset(dir);
        Path file = dir.resolve("vellum.db");
        System.out.println("Data directory: " + dir);
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            OrderDemo.Summary summary = OrderDemo.run(store, orders, System.out);
            long seen = summary.seenByType().values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("Summary: %d orders placed, %d confirmed, 1 rejected (%s), %d events in the log, "
                    + "%d seen live; database %s%n", summary.placed(), summary.confirmed(), summary.rejection().code(),
                    summary.head().value(), seen, file);
        }
        ExchangeRates rates = ExchangeRates.in(dir.resolve(RATES));
        OrderRevenueDemo.writeStartingRates(rates);
        try (SqliteEventStore store = SqliteEventStore.open(file);
                SqliteReadModel readModel = SqliteReadModel.open(dir.resolve(READ_MODELS))) {
            OrderSummaryDemo.run(store, readModel, System.out);
            ConfirmationEmailDemo.run(store, readModel, System.out);
            OrderRevenueDemo.run(store, readModel, rates, System.out);
            OrderReminderDemo.run(store, readModel, DemoWorkers.REMIND_AFTER, System.out);
        }
        if (serve) {
            try (SqliteEventStore store = SqliteEventStore.open(file);
                    SqliteReadModel readModel = SqliteReadModel.open(dir.resolve(READ_MODELS));
                    DemoWorkers workers = DemoWorkers.start(store, readModel, rates)) {
                printHowToPark(rates);
                return serveOptions.serve(store, workers::configure);
            } finally {
                serveOptions.closed();
            }
        }
        return 0;
    }

    /** Tells a newcomer what is parked, how to fix it, and how to park another. */
    private static void printHowToPark(ExchangeRates rates) {
        System.out.println("Projection '" + OrderRevenue.NAME + "' parks order " + DemoWorkers.UNRATED_ORDER + ": "
                + DemoWorkers.UNRATED_CURRENCY + " has no exchange rate. To fix it, add a line such as "
                + DemoWorkers.UNRATED_CURRENCY + "=0.95 to");
        System.out.println("  " + rates.file() + " and press Retry on the console's Projections page.");
        System.out.println("  To park another, place an order in a currency without a rate (TOKEN and URL from the login URL below):");
        System.out.println("  curl -H \"Authorization: Bearer TOKEN\" -H 'Content-Type: application/json' -d '{\"commandId\":\"c-jpy-1\","
                + "\"type\":\"PlaceOrder\",\"command\":{\"orderId\":\"jpy-1\",\"customer\":\"eve@example.com\","
                + "\"amount\":2500,\"currency\":\"JPY\"}}' URL/api/commands/order/order-jpy-1");
    }

    private static void reset(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("vellum.db")
                    || p.getFileName().toString().startsWith(READ_MODELS)
                    || p.getFileName().toString().equals(RATES)).toList()) {
                Files.delete(f);
            }
        }
    }
}
