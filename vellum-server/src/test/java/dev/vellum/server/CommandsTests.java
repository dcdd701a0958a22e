package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vellum.decider.CommandHandler;
import dev.vellum.examples.order.Order;
import dev.vellum.examples.order.OrderCommand;
import dev.vellum.examples.order.OrderCommand.ConfirmOrder;
import dev.vellum.examples.order.OrderCommand.PlaceOrder;
import dev.vellum.examples.order.OrderEvent;
import dev.vellum.examples.order.OrderSummary;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.server.Api.Answer;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.store.EventStore;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import java.sql.Connection;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands over HTTP for the order aggregate of the examples, against a real server with the order
 * summary projection running: results, idempotent command ids, dry runs, waiting for the read
 * model, errors and roles. Each store's test says how to open the store and the read models.
 */
abstract class CommandsTests {

    @TempDir
    Path directory;

    private EventStore store;
    private SqlReadModel readModel;
    private ProjectionRunner runner;
    private VellumServer server;
    private Api operator;

    abstract EventStore openStore(Path directory);

    /** Read models that are also {@link AutoCloseable}. */
    abstract SqlReadModel openReadModel(Path directory);

    @BeforeEach
    void start() throws Exception {
        store = openStore(directory);
        readModel = openReadModel(directory);
        runner = ProjectionRunner.create(store);
        RunningProjection summary = runner.start(OrderSummary.projection(), readModel);
        CommandHandler<OrderCommand, Order, OrderEvent> handler = CommandHandler
                .builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users())
                .commands(CommandEndpoint.builder("order", handler, Order.DECIDER, OrderEvent.TYPES)
                        .command("PlaceOrder", PlaceOrder.class).command("ConfirmOrder", ConfirmOrder.class).build())
                .projection(OrderSummary.NAME, summary::awaitCheckpoint)
                .projection("never-there", (position, timeout) -> false)
                .start();
        operator = Api.operator(server);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        runner.close();
        ((AutoCloseable) readModel).close();
        store.close();
    }

    private static String place(String commandId, String amount, String extra) {
        return "{\"commandId\":\"" + commandId + "\",\"type\":\"PlaceOrder\",\"command\":{\"orderId\":\"o1\","
                + "\"customer\":\"ada\",\"amount\":" + amount + ",\"currency\":\"EUR\"}" + extra + "}";
    }

    @Test
    void anAcceptedCommandAnswersWithItsEventsRevisionAndPosition() {
        Answer answer = operator.post("/api/commands/order/order-1", place("cmd-1", "12.50", ""));
        assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);
        JsonNode result = answer.json();
        assertThat(result.get("outcome").asText()).isEqualTo("accepted");
        assertThat(result.get("revision").asLong()).isZero();
        assertThat(result.get("position").asLong()).isEqualTo(1);
        assertThat(result.get("events").get(0).get("type").asText()).isEqualTo("OrderPlaced");
        assertThat(result.get("events").get(0).get("data").get("amount").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(store.readStream(StreamId.of("order-1")).getFirst().metadata().header("$command")).isEqualTo("cmd-1");
    }

    @Test
    void resendingACommandIdAnswersTheFirstResultAndAppendsNothing() {
        JsonNode first = operator.post("/api/commands/order/order-1", place("cmd-1", "12.50", "")).json();
        JsonNode again = operator.post("/api/commands/order/order-1", place("cmd-1", "12.50", "")).json();
        assertThat(again.get("outcome").asText()).isEqualTo("accepted");
        assertThat(again.get("position")).isEqualTo(first.get("position"));
        assertThat(store.head()).isEqualTo(Position.of(1));
    }

    @Test
    void aRejectedCommandAnswersWithItsCodeAndReason() {
        JsonNode result = operator.post("/api/commands/order/order-1", place("cmd-1", "0", "")).json();
        assertThat(result.get("outcome").asText()).isEqualTo("rejected");
        assertThat(result.get("code").asText()).isEqualTo("invalid-amount");
        assertThat(result.get("reason").asText()).contains("above zero");
        assertThat(store.head()).isEqualTo(Position.START);
    }

    @Test
    void aDryRunDecidesWithoutAppending() {
        JsonNode wouldBe = operator.post("/api/commands/order/order-1", place("cmd-1", "5", ",\"dryRun\":true")).json();
        assertThat(wouldBe.get("dryRun").asBoolean()).isTrue();
        assertThat(wouldBe.get("outcome").asText()).isEqualTo("accepted");
        assertThat(wouldBe.get("events").get(0).get("type").asText()).isEqualTo("OrderPlaced");
        assertThat(wouldBe.get("currentRevision").asLong()).isEqualTo(-1);
        assertThat(wouldBe.get("revision").asLong()).isZero();
        assertThat(store.head()).isEqualTo(Position.START);

        operator.post("/api/commands/order/order-1", place("cmd-1", "5", ""));
        JsonNode again = operator.post("/api/commands/order/order-1", place("cmd-2", "5", ",\"dryRun\":true")).json();
        assertThat(again.get("outcome").asText()).isEqualTo("rejected");
        assertThat(again.get("code").asText()).isEqualTo("order-exists");
        assertThat(store.head()).isEqualTo(Position.of(1));
    }

    @Test
    void aCommandCanWaitForTheReadModelToShowIt() throws Exception {
        JsonNode result = operator.post("/api/commands/order/order-1",
                place("cmd-1", "7", ",\"waitFor\":[\"order-summary\"],\"waitMillis\":20000")).json();
        assertThat(result.get("caughtUp").asBoolean()).isTrue();
        assertThat(result.get("projections").get("order-summary").asText()).isEqualTo("caught-up");
        try (Connection reader = readModel.openReader()) {
            assertThat(OrderSummary.query(reader)).extracting(OrderSummary.Row::orderId).containsExactly("o1");
        }
    }

    @Test
    void aReadModelThatIsNotThereInTimeIsReportedAsCatchingUp() {
        JsonNode result = operator.post("/api/commands/order/order-1",
                place("cmd-1", "7", ",\"waitFor\":[\"order-summary\",\"never-there\"],\"waitMillis\":100")).json();
        assertThat(result.get("outcome").asText()).isEqualTo("accepted");
        assertThat(result.get("caughtUp").asBoolean()).isFalse();
        assertThat(result.get("projections").get("never-there").asText()).isEqualTo("catching-up");
    }

    @Test
    void theStateAsOfARevisionIsTheAggregateRightAfterThatEvent() {
        operator.post("/api/commands/order/order-1", place("cmd-1", "12.50", ""));
        operator.post("/api/commands/order/order-1", "{\"commandId\":\"cmd-2\",\"type\":\"ConfirmOrder\","
                + "\"command\":{\"orderId\":\"o1\",\"confirmedAt\":\"2026-01-02T03:04:05Z\"}}");
        Api viewer = Api.viewer(server);
        JsonNode placed = viewer.get("/api/commands/order/order-1/state?revision=0").json();
        assertThat(placed.get("revision").asLong()).isZero();
        assertThat(placed.get("state").get("status").asText()).isEqualTo("PLACED");
        assertThat(placed.get("state").get("amount").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(viewer.get("/api/commands/order/order-1/state?revision=1").json().get("state").get("status")
                .asText()).isEqualTo("CONFIRMED");
        JsonNode now = viewer.get("/api/commands/order/order-1/state").json();
        assertThat(now.get("revision").asLong()).isEqualTo(1);
        assertThat(now.get("aggregate").asText()).isEqualTo("order");
        assertThat(viewer.get("/api/commands/order/order-9/state").json().get("revision").asLong())
                .as("no events yet: the initial state").isEqualTo(-1);
    }

    @Test
    void theStateAsOfAMissingRevisionOrAggregateIsAProblem() {
        operator.post("/api/commands/order/order-1", place("cmd-1", "12.50", ""));
        Answer beyond = Api.viewer(server).get("/api/commands/order/order-1/state?revision=5");
        assertThat(beyond.status()).isEqualTo(404);
        assertThat(beyond.json().get("type").asText()).isEqualTo("urn:vellum:problem:revision-not-found");
        assertThat(Api.viewer(server).get("/api/commands/invoice/invoice-1/state").json().get("type").asText())
                .isEqualTo("urn:vellum:problem:aggregate-not-found");
        assertThat(Api.viewer(server).get("/api/commands/order/order-1/state?revision=-1").status()).isEqualTo(422);
        assertThat(Api.anonymous(server).get("/api/commands/order/order-1/state").status()).isEqualTo(401);
    }

    @Test
    void badCommandsAreProblemsAndAppendNothing() {
        record Case(String path, String body, int status, String type) {
        }
        for (Case c : List.of(
                new Case("/api/commands/invoice/invoice-1", place("c", "1", ""), 404, "aggregate-not-found"),
                new Case("/api/commands/order/order-1", place("c", "1", "").replace("PlaceOrder", "ShipOrder"), 422,
                        "invalid-value"),
                new Case("/api/commands/order/order-1", place("c", "\"lots\"", ""), 400, "malformed-request"),
                new Case("/api/commands/order/order-1", place("c", "1", "").replace("\"commandId\":\"c\",", ""), 400,
                        "malformed-request"),
                new Case("/api/commands/order/order-1", place(" ", "1", ""), 422, "invalid-value"),
                new Case("/api/commands/order/order-1", place("c", "1", ",\"waitFor\":[\"nope\"]"), 422, "invalid-value"),
                new Case("/api/commands/order/order-1", place("c", "1", ",\"waitMillis\":999999"), 422, "invalid-value"),
                new Case("/api/commands/order/%20order-1", place("c", "1", ""), 422, "invalid-stream-name"))) {
            Answer answer = operator.post(c.path(), c.body());
            assertThat(answer.status()).as(c.toString() + " -> " + answer.response().body()).isEqualTo(c.status());
            assertThat(answer.json().get("type").asText()).isEqualTo("urn:vellum:problem:" + c.type());
        }
        assertThat(store.head()).isEqualTo(Position.START);
    }

    @Test
    void commandsNeedTheOperatorRoleAndTheListNeedsAViewer() {
        assertThat(Api.viewer(server).post("/api/commands/order/order-1", place("c", "1", "")).status()).isEqualTo(403);
        assertThat(Api.anonymous(server).post("/api/commands/order/order-1", place("c", "1", "")).status()).isEqualTo(401);
        assertThat(store.head()).isEqualTo(Position.START);
        JsonNode list = Api.viewer(server).get("/api/commands").json();
        assertThat(list.get("aggregates").get(0).get("name").asText()).isEqualTo("order");
        assertThat(list.get("aggregates").get(0).get("commands").toString()).contains("PlaceOrder", "ConfirmOrder");
        assertThat(list.get("projections").toString()).contains("order-summary");
    }

    @Test
    void theListShowsWhatEachHandlerAnsweredAndWhatContentionCostIt() {
        operator.post("/api/commands/order/order-1", place("cmd-1", "3", ""));
        operator.post("/api/commands/order/order-2", place("cmd-2", "0", ""));
        operator.post("/api/commands/order/order-1", place("cmd-1", "3", "")); // a resend, answered from the log

        JsonNode order = Api.viewer(server).get("/api/commands").json().get("aggregates").get(0);

        assertThat(order.get("stats").toString()).as("the resend, decided on order-1's cached state, appends nothing:"
                        + " the state is read to confirm it before the answer")
                .isEqualTo("{\"commands\":2,\"appends\":1,\"conflicts\":0,\"retries\":0,\"reloads\":1,\"givenUp\":0}");
        assertThat(order.get("cache").toString()).as("the resend found order-1's state cached")
                .isEqualTo("{\"hits\":1,\"misses\":2,\"stale\":0,\"entries\":2,\"capacity\":10000}");
        assertThat(order.get("answers").get("accepted").asLong()).isEqualTo(2);
        assertThat(order.get("answers").get("rejected").asLong()).isEqualTo(1);
        assertThat(order.get("answers").get("failed").asLong()).isZero();
        assertThat(order.get("answers").get("seconds").asDouble()).isPositive();
    }

    @Test
    void commandsAreMeteredByAggregateAndOutcome() {
        operator.post("/api/commands/order/order-1", place("cmd-1", "3", ""));
        operator.post("/api/commands/order/order-2", place("cmd-2", "0", ""));
        String scrape = Api.anonymous(server).get("/metrics").response().body();
        assertThat(scrape).contains("vellum_command_seconds_count{aggregate=\"order\",outcome=\"accepted\"} 1")
                .contains("vellum_command_seconds_count{aggregate=\"order\",outcome=\"rejected\"} 1");
    }
}
