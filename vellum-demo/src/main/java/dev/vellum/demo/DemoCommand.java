package dev.vellum.demo;

import dev.vellum.decider.CommandHandler;
import dev.vellum.examples.order.ConfirmationEmailDemo;
import dev.vellum.examples.order.ConfirmationEmails;
import dev.vellum.examples.order.Order;
import dev.vellum.examples.order.OrderCommand;
import dev.vellum.examples.order.OrderEvent;
import dev.vellum.examples.order.OrderSummary;
import dev.vellum.examples.order.OrderDemo;
import dev.vellum.examples.order.OrderSummaryDemo;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.server.CommandEndpoint;
import dev.vellum.server.alerts.Alerts;
import dev.vellum.server.cli.ServeOptions;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.time.VellumClock;
import dev.vellum.timer.sql.SqlTimerStore;
import dev.vellum.worker.WorkerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vellum demo}: the order example on the embedded SQLite store, placing and confirming
 * orders through the order aggregate's command handler, with a summary; then the order summary
 * read model, and the confirmation emails sent by a reactor with their recorded outcomes. With
 * {@code --serve} it then serves the demo's store over the HTTP API until stopped, with the order
 * aggregate's commands, the order summary projection (commands may wait for it), the confirmation
 * email reactor and a copy of it whose emails wait for an operator's approval (the console's side
 * effects page) running, all in the worker registry the server shows at {@code /api/workers}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the order example (commands through the order aggregate) on the embedded SQLite store and prints a summary.")
final class DemoCommand implements Callable<Integer> {

    /** The read models' database, beside the event store's. */
    private static final String READ_MODELS = "read-models.db";

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
        try (SqliteEventStore store = SqliteEventStore.open(file);
                SqliteReadModel readModel = SqliteReadModel.open(dir.resolve(READ_MODELS))) {
            OrderSummaryDemo.run(store, readModel, System.out);
            ConfirmationEmailDemo.run(store, readModel, System.out);
        }
        if (serve) {
            try (SqliteEventStore store = SqliteEventStore.open(file);
                    SqliteReadModel readModel = SqliteReadModel.open(dir.resolve(READ_MODELS));
                    WorkerRegistry workers = WorkerRegistry.open(store, "demo");
                    ProjectionRunner runner = ProjectionRunner.builder(store).registry(workers).build();
                    RunningReactor emails = ConfirmationEmails.reactor(DemoCommand::mail, VellumClock.system(),
                            Duration.ofSeconds(1)).start(store, readModel, new SqlTimerStore(readModel));
                    RunningReactor approvedEmails = ConfirmationEmails.reactorNeedingApproval(DemoCommand::mail,
                            VellumClock.system(), Duration.ofSeconds(1)).start(store, readModel, new SqlTimerStore(readModel));
                    Alerts alerts = Alerts.builder(workers).start()) { // incidents go to the log
                RunningProjection summary = runner.start(OrderSummary.projection(), readModel);
                workers.register(emails);
                workers.register(approvedEmails);
                CommandHandler<OrderCommand, Order, OrderEvent> orders = CommandHandler
                        .builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();
                CommandEndpoint<OrderCommand, Order, OrderEvent> endpoint = CommandEndpoint
                        .builder("order", orders, Order.DECIDER, OrderEvent.TYPES)
                        .command("PlaceOrder", OrderCommand.PlaceOrder.class)
                        .command("ConfirmOrder", OrderCommand.ConfirmOrder.class).build();
                return serveOptions.serve(store, server -> server.commands(endpoint).workers(workers).alerts(alerts)
                        .projection(OrderSummary.NAME, summary::awaitCheckpoint));
            } finally {
                serveOptions.closed();
            }
        }
        return 0;
    }

    /** The demo's mail server while serving: it prints each email it is given to send. */
    private static String mail(String to, String subject, String body, String idempotencyKey) {
        System.out.printf("  mail server: sent \"%s\" to %s (idempotency key %s)%n", subject, to, idempotencyKey);
        return "msg-" + idempotencyKey;
    }

    private static void reset(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("vellum.db")
                    || p.getFileName().toString().startsWith(READ_MODELS)).toList()) {
                Files.delete(f);
            }
        }
    }
}
