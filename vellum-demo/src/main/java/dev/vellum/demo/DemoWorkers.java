package dev.vellum.demo;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.examples.order.ConfirmationEmails;
import dev.vellum.examples.order.ExchangeRates;
import dev.vellum.examples.order.Order;
import dev.vellum.examples.order.OrderCommand;
import dev.vellum.examples.order.OrderEvent;
import dev.vellum.examples.order.OrderReminder;
import dev.vellum.examples.order.OrderRevenue;
import dev.vellum.examples.order.OrderSummary;
import dev.vellum.process.CommandRouter;
import dev.vellum.process.RunningProcess;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.server.CommandEndpoint;
import dev.vellum.server.VellumServerBuilder;
import dev.vellum.server.alerts.Alerts;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.StreamId;
import dev.vellum.time.VellumClock;
import dev.vellum.timer.sql.SqlTimerStore;
import dev.vellum.worker.WorkerRegistry;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * What {@code vellum demo --serve} runs beside the server, on the demo's store and read-model
 * database, in one worker registry (node {@code demo}): the order aggregate's commands; the order
 * summary projection (commands may wait for it); the order-revenue projection, which parks an order
 * in a currency the rates file lacks; the confirmation-email reactor; a copy of it whose emails wait
 * for an operator's approval, reading the log from its start so that every demo order has one
 * waiting; the order-reminder process manager and its timers; and alerts, to the log. Once they run
 * it places order {@link #UNRATED_ORDER} in a currency without a rate, so a newcomer finds a parked
 * event to fix and retry. The browser tests start the same.
 */
final class DemoWorkers implements AutoCloseable {

    /** How long after an order its customer is reminded if it is still unconfirmed. */
    static final Duration REMIND_AFTER = Duration.ofMinutes(2);

    /** The order placed once the workers run, in a currency without an exchange rate. */
    static final String UNRATED_ORDER = "chf-1";

    /** Its currency, which the rates file lacks until an operator adds it. */
    static final String UNRATED_CURRENCY = "CHF";

    private final WorkerRegistry registry;
    private final ProjectionRunner runner;
    private final RunningProjection summary;
    private final RunningReactor emails;
    private final RunningReactor approvedEmails;
    private final RunningProcess<OrderReminder> reminders;
    private final Alerts alerts;
    private final CommandEndpoint<OrderCommand, Order, OrderEvent> commands;

    private DemoWorkers(SqliteEventStore store, SqliteReadModel readModel, ExchangeRates rates) {
        registry = WorkerRegistry.open(store, "demo");
        runner = ProjectionRunner.builder(store).registry(registry).build();
        summary = runner.start(OrderSummary.projection(), readModel);
        runner.start(OrderRevenue.projection(rates), readModel);
        emails = ConfirmationEmails.reactor(DemoWorkers::mail, VellumClock.system(), Duration.ofSeconds(1))
                .start(store, readModel, new SqlTimerStore(readModel));
        registry.register(emails);
        approvedEmails = ConfirmationEmails.reactorNeedingApprovalFromStart(DemoWorkers::mail, VellumClock.system(),
                Duration.ofSeconds(1)).start(store, readModel, new SqlTimerStore(readModel));
        registry.register(approvedEmails);
        reminders = OrderReminder.processManager(REMIND_AFTER, VellumClock.system())
                .start(store, readModel, new SqlTimerStore(readModel), CommandRouter.builder().build());
        registry.register(reminders);
        alerts = Alerts.builder(registry).start();
        CommandHandler<OrderCommand, Order, OrderEvent> orders = CommandHandler
                .builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();
        commands = CommandEndpoint.builder("order", orders, Order.DECIDER, OrderEvent.TYPES)
                .command("PlaceOrder", OrderCommand.PlaceOrder.class)
                .command("ConfirmOrder", OrderCommand.ConfirmOrder.class).build();
        orders.handle(StreamId.of("order", UNRATED_ORDER), new OrderCommand.PlaceOrder(UNRATED_ORDER, "eve@example.com",
                new BigDecimal("25.00"), UNRATED_CURRENCY), CommandMetadata.of("place-" + UNRATED_ORDER));
    }

    /** Starts the demo's workers on {@code store} and {@code readModel} (both stay the caller's to close). */
    static DemoWorkers start(SqliteEventStore store, SqliteReadModel readModel, ExchangeRates rates) {
        return new DemoWorkers(store, readModel, rates);
    }

    /** Adds the demo's commands, workers, alerts and the order summary's checkpoint to a server being built. */
    VellumServerBuilder configure(VellumServerBuilder server) {
        return server.commands(commands).workers(registry).alerts(alerts)
                .projection(OrderSummary.NAME, summary::awaitCheckpoint);
    }

    /** The demo's mail server while serving: it prints each email it is given to send. */
    private static String mail(String to, String subject, String body, String idempotencyKey) {
        System.out.printf("  mail server: sent \"%s\" to %s (idempotency key %s)%n", subject, to, idempotencyKey);
        return "msg-" + idempotencyKey;
    }

    /** Stops every worker, in the reverse order of their start. */
    @Override
    public void close() {
        try (WorkerRegistry r = registry; ProjectionRunner p = runner; RunningReactor e = emails;
                RunningReactor a = approvedEmails; RunningProcess<OrderReminder> m = reminders; Alerts al = alerts) {
            // closed in the reverse order of the resources above
        }
    }
}
