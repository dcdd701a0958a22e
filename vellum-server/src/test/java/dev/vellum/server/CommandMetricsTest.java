package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.examples.order.Order;
import dev.vellum.examples.order.OrderCommand;
import dev.vellum.examples.order.OrderCommand.PlaceOrder;
import dev.vellum.examples.order.OrderEvent;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamId;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command handlers' own counters in the scrape, against a real server on SQLite: every command
 * its handler decided, over HTTP or in the application, beside the outcomes of the HTTP ones.
 */
class CommandMetricsTest {

    @TempDir
    Path directory;

    private EventStore store;
    private CommandHandler<OrderCommand, Order, OrderEvent> handler;
    private VellumServer server;

    @BeforeEach
    void start() {
        store = SqliteEventStore.open(directory.resolve("vellum.db"));
        handler = CommandHandler.builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users())
                .commands(CommandEndpoint.builder("order", handler, Order.DECIDER, OrderEvent.TYPES)
                        .command("PlaceOrder", PlaceOrder.class).build())
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private static String place(String commandId, String orderId) {
        return "{\"commandId\":\"" + commandId + "\",\"type\":\"PlaceOrder\",\"command\":{\"orderId\":\"" + orderId
                + "\",\"customer\":\"ada\",\"amount\":12.50,\"currency\":\"EUR\"}}";
    }

    @Test
    void theScrapeCountsEveryCommandTheHandlerDecidedTaggedByAggregate() {
        Api operator = Api.operator(server);
        assertThat(operator.post("/api/commands/order/order-o1", place("c1", "o1")).json().get("outcome").asText())
                .isEqualTo("accepted");
        assertThat(operator.post("/api/commands/order/order-o1", place("c2", "o1")).json().get("outcome").asText())
                .isEqualTo("rejected");
        operator.post("/api/commands/order/order-o1", place("c1", "o1")); // a resend, answered from the log
        handler.handle(StreamId.of("order-o2"), new PlaceOrder("o2", "bob", new BigDecimal("3.00"), "EUR"),
                CommandMetadata.of("c3"));

        String text = Api.anonymous(server).get("/metrics").response().body();
        assertThat(text)
                .contains("vellum_command_handler_commands_total{aggregate=\"order\"} 3.0")
                .contains("vellum_command_handler_appends_total{aggregate=\"order\"} 2.0")
                .contains("vellum_command_handler_conflicts_total{aggregate=\"order\"} 0.0")
                .contains("vellum_command_handler_retries_total{aggregate=\"order\"} 0.0")
                .contains("vellum_command_handler_reloads_total{aggregate=\"order\"}")
                .contains("vellum_command_handler_given_up_total{aggregate=\"order\"} 0.0")
                .contains("vellum_command_handler_cache_hits_total{aggregate=\"order\"} 2.0")
                .contains("vellum_command_handler_cache_misses_total{aggregate=\"order\"} 2.0")
                .contains("vellum_command_handler_cache_stale_total{aggregate=\"order\"} 0.0")
                .contains("vellum_command_seconds_count{aggregate=\"order\",outcome=\"accepted\"} 2")
                .contains("vellum_command_seconds_count{aggregate=\"order\",outcome=\"rejected\"} 1");
    }

    @Test
    void theScrapeCountsWhatTheHandlerAnsweredInTheProcessTooAndHowLongItTook() {
        StreamId order = StreamId.of("order-o3");
        handler.handle(order, new PlaceOrder("o3", "ada", new BigDecimal("12.50"), "EUR"), CommandMetadata.of("c1"));
        handler.handle(order, new PlaceOrder("o3", "ada", new BigDecimal("12.50"), "EUR"), CommandMetadata.of("c2"));
        handler.handle(order, new PlaceOrder("o3", "ada", new BigDecimal("12.50"), "EUR"), CommandMetadata.of("c1"));
        Api.operator(server).post("/api/commands/order/order-o4", place("c4", "o4"));

        String text = Api.anonymous(server).get("/metrics").response().body();
        assertThat(text)
                .contains("vellum_command_handler_answers_total{aggregate=\"order\",outcome=\"accepted\"} 3.0")
                .contains("vellum_command_handler_answers_total{aggregate=\"order\",outcome=\"rejected\"} 1.0")
                .contains("vellum_command_handler_answers_total{aggregate=\"order\",outcome=\"failed\"} 0.0")
                .contains("vellum_command_handler_seconds_count{aggregate=\"order\"} 4")
                .containsPattern("vellum_command_handler_seconds_sum\\{aggregate=\"order\"} ([1-9]|0\\.0*[1-9])");
        assertThat(handler.answers().count()).isEqualTo(4);
        assertThat(handler.answers().totalTime()).isPositive();
    }
}
