package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.examples.order.Order;
import dev.vellum.examples.order.OrderCommand.ConfirmOrder;
import dev.vellum.examples.order.OrderCommand.PlaceOrder;
import dev.vellum.examples.order.OrderCommand;
import dev.vellum.examples.order.OrderEvent;
import dev.vellum.examples.order.OrderSummary;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.worker.WorkerRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code sample of README.md ("Embedding it"), compiled and run so it cannot rot. Keep both in step. */
class ReadmeExampleTest {

    @TempDir
    Path directory;

    @Test
    void embedding() {
        try (SqliteEventStore store = SqliteEventStore.open(directory.resolve("vellum.db"));
                SqliteReadModel readModel = SqliteReadModel.open(directory.resolve("read-models.db"));
                WorkerRegistry workers = WorkerRegistry.open(store, "node-1");
                ProjectionRunner runner = ProjectionRunner.builder(store).registry(workers).build()) {
            RunningProjection runningSummary = runner.start(OrderSummary.projection(), readModel);
            CommandHandler<OrderCommand, Order, OrderEvent> orders = CommandHandler
                    .builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();

            try (VellumServer server = VellumServer.builder(store)      // any EventStore; stays yours to close
                    .bind("127.0.0.1", 0)                               // 8080 by default; port 0 picks a free one
                    .commands(CommandEndpoint.builder("order", orders, Order.DECIDER, OrderEvent.TYPES)
                            .command("PlaceOrder", PlaceOrder.class)
                            .command("ConfirmOrder", ConfirmOrder.class).build())
                    .projection("order-summary", runningSummary::awaitCheckpoint)
                    .workers(workers)                                   // a WorkerRegistry: /api/workers, metrics, health
                    .start()) {
                System.out.println("Log in: " + server.loginUrl().orElse(server.url()));

                String token = server.loginUrl().orElseThrow().getQuery().substring("token=".length());
                assertThat(Api.as(server, token).post("/api/commands/order/order-1", "{\"commandId\":\"c1\","
                        + "\"type\":\"PlaceOrder\",\"command\":{\"orderId\":\"1\",\"customer\":\"ada\",\"amount\":3,"
                        + "\"currency\":\"EUR\"},\"waitFor\":[\"order-summary\"]}").json().get("caughtUp").asBoolean())
                        .isTrue();
                assertThat(Api.as(server, token).get("/api/workers").json().get("workers").get(0).get("name").asText())
                        .isEqualTo(runningSummary.name());
            }
        }
    }
}
