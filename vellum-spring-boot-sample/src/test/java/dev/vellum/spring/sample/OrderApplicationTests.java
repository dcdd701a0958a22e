package dev.vellum.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vellum.examples.order.ConfirmationEmails;
import dev.vellum.store.EventStore;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sample application booted whole, its HTTP API and actuator exercised; a subclass per store
 * ({@link SqliteOrderApplicationTest}, {@link PostgresOrderApplicationTest}).
 */
abstract class OrderApplicationTests {

    @LocalServerPort
    int port;

    @Autowired
    EventStore store;

    @Autowired
    RecordingMailer mailer;

    Http http() {
        return new Http(port);
    }

    @Test
    void commandsOverHttpAnswerWithTheirResultsAndTheSummaryCatchesUp() throws Exception {
        Http http = http();
        Http.Answer placed = http.placeOrder("h1", "ann@example.com", "99.90");
        assertThat(placed.status()).isEqualTo(201);
        assertThat(placed.body().get("status").asText()).isEqualTo("accepted");
        assertThat(placed.body().get("events").get(0).asText()).isEqualTo("OrderPlaced");
        assertThat(placed.body().get("revision").asLong()).isZero();

        Http.Answer again = http.placeOrder("h1", "ann@example.com", "99.90");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("code").asText()).isEqualTo("order-exists");

        Http.Answer confirmed = http.post("/orders/h1/confirm", "");
        assertThat(confirmed.status()).isEqualTo(201);
        long position = confirmed.body().get("position").asLong();

        Http.Answer summary = http.get("/orders/h1?after=" + position);
        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.body().get("status").asText()).isEqualTo("confirmed");
        assertThat(summary.body().get("customer").asText()).isEqualTo("ann@example.com");
        assertThat(summary.body().get("amount").decimalValue()).isEqualByComparingTo("99.90");
    }

    @Test
    void badInputIsRefusedAndAppendsNothing() throws Exception {
        long head = store.head().value();
        Http.Answer refused = http().post("/orders", "{\"orderId\":\"b1\",\"customer\":\"bob@example.com\"}");
        assertThat(refused.status()).isEqualTo(400);
        Http.Answer rejected = http().placeOrder("b2", "bob@example.com", "-1");
        assertThat(rejected.status()).isEqualTo(409);
        assertThat(rejected.body().get("code").asText()).isEqualTo("invalid-amount");
        assertThat(store.head().value()).isEqualTo(head);
    }

    @Test
    void eachPlacedOrderGetsOneEmailWhoseOutcomeIsRecorded() throws Exception {
        assertThat(http().placeOrder("e1", "eve@example.com", "12.00").status()).isEqualTo(201);
        await(() -> outcomes("e1").size() == 1);
        List<RecordedEvent> outcome = outcomes("e1");
        assertThat(outcome).extracting(RecordedEvent::type).containsExactly("ConfirmationEmailSent");
        assertThat(sentTo("eve@example.com")).isEqualTo(1);
    }

    @Test
    void healthShowsEachWorkerAndTheEndpointAndMetricsListThem() throws Exception {
        Http http = http();
        Http.Answer health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("UP");
        JsonNode workers = health.body().get("components").get("vellum").get("components");
        assertThat(workers.has("projection.order-summary.v1")).as(health.body().toString()).isTrue();
        assertThat(workers.get("projection.order-summary.v1").get("status").asText()).isEqualTo("UP");
        assertThat(workers.get("reactor.confirmation-email").get("status").asText()).isEqualTo("UP");
        assertThat(workers.get("projection.order-summary.v1").get("details").get("kind").asText()).isEqualTo("projection");

        Http.Answer endpoint = http.get("/actuator/vellum");
        assertThat(endpoint.status()).isEqualTo(200);
        assertThat(endpoint.body().get("workers").findValuesAsText("name"))
                .contains("projection.order-summary.v1", "reactor.confirmation-email");
        Http.Answer one = http.get("/actuator/vellum/projection.order-summary.v1");
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.body().get("kind").asText()).isEqualTo("projection");

        await(() -> http.get("/actuator/metrics/vellum.worker.state").status() == 200);
        JsonNode state = http.get("/actuator/metrics/vellum.worker.state?tag=worker:projection.order-summary.v1&tag=state:"
                + workers.get("projection.order-summary.v1").get("details").get("state").asText()).body();
        assertThat(state.get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
        assertThat(http.get("/actuator/metrics/vellum.worker.lag.events").status()).isEqualTo(200);
    }

    @Test
    void theCommandHandlersAnswersAndLatencyAreInTheActuatorsMetrics() throws Exception {
        Http http = http();
        assertThat(http.placeOrder("m1", "mia@example.com", "5.00").status()).isEqualTo(201);
        assertThat(http.placeOrder("m1", "mia@example.com", "5.00").status()).isEqualTo(409);

        // the server's meters, in Boot's registry, tagged with the handler bean's name
        assertThat(measurement(http, "vellum.command.handler.answers?tag=aggregate:orders&tag=outcome:accepted", "COUNT"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(measurement(http, "vellum.command.handler.answers?tag=aggregate:orders&tag=outcome:rejected", "COUNT"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(measurement(http, "vellum.command.handler?tag=aggregate:orders", "COUNT")).isGreaterThanOrEqualTo(2.0);
        assertThat(measurement(http, "vellum.command.handler?tag=aggregate:orders", "TOTAL_TIME")).isPositive();
        assertThat(measurement(http, "vellum.command.handler.appends?tag=aggregate:orders", "COUNT")).isGreaterThanOrEqualTo(1.0);
    }

    private static double measurement(Http http, String metric, String statistic) throws Exception {
        Http.Answer answer = http.get("/actuator/metrics/" + metric);
        assertThat(answer.status()).as(metric + ": " + answer.body()).isEqualTo(200);
        for (JsonNode m : answer.body().get("measurements")) {
            if (m.get("statistic").asText().equals(statistic)) {
                return m.get("value").asDouble();
            }
        }
        throw new AssertionError(metric + " has no " + statistic + ": " + answer.body());
    }

    List<RecordedEvent> outcomes(String orderId) {
        try {
            return store.readStream(ConfirmationEmails.outcomeStream(orderId));
        } catch (StreamNotFoundException e) {
            return List.of();
        }
    }

    long sentTo(String customer) {
        return mailer.sent().stream().filter(s -> s.to().equals(customer)).count();
    }

    static void await(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("waited 20 s for a condition").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
