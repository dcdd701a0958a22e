package dev.vellum.integration.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vellum.integration.ExternalEvent;
import dev.vellum.integration.IntegrationMessage;
import dev.vellum.integration.PermanentDeliveryException;
import dev.vellum.retry.Retries;
import dev.vellum.store.Position;
import dev.vellum.time.Backoff;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook sink against a real HTTP server on the loopback interface. */
class WebhookSinkTest {

    private static final byte[] SECRET = "a-shared-secret-of-32-bytes-long".getBytes(StandardCharsets.UTF_8);

    /** One request as the server saw it. */
    record Received(String body, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Queue<Integer> answers = new ArrayDeque<>();
    private HttpServer server;
    private URI endpoint;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(body, Map.copyOf(exchange.getRequestHeaders())));
            Integer status;
            synchronized (answers) {
                status = answers.poll();
            }
            byte[] answer = (status == null || status < 300 ? "ok" : "no luck").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void answer(Integer... statuses) {
        synchronized (answers) {
            answers.addAll(List.of(statuses));
        }
    }

    private WebhookSink sink(int attempts) {
        return WebhookSink.builder(endpoint, SECRET)
                .retries(new Retries(attempts, new Backoff(Duration.ofMillis(5), Duration.ofMillis(20))))
                .timeout(Duration.ofSeconds(5)).build();
    }

    private static IntegrationMessage message(String key, String data) {
        return new IntegrationMessage(UUID.randomUUID(), new ExternalEvent("car.maintenance-done", key, data),
                Position.of(42), Instant.parse("2026-03-01T10:00:00Z"));
    }

    @Test
    void itPostsEachMessageInOrderSignedWithItsIdAndExactData() throws Exception {
        IntegrationMessage first = message("car-1", "{\"price\":12.50,\"note\":\"Grüße\"}");
        IntegrationMessage second = message("car-1", "[1,2]");

        sink(3).deliver(List.of(first, second));

        assertThat(received).hasSize(2);
        Received request = received.getFirst();
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.get("id").asText()).isEqualTo(first.id().toString());
        assertThat(body.get("type").asText()).isEqualTo("car.maintenance-done");
        assertThat(body.get("key").asText()).isEqualTo("car-1");
        assertThat(body.get("occurredAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(body.get("source").asLong()).isEqualTo(42);
        assertThat(request.body()).contains("\"data\":{\"price\":12.50,\"note\":\"Grüße\"}");
        assertThat(request.header("Vellum-Event-Id")).isEqualTo(first.id().toString());
        assertThat(request.header("Idempotency-Key")).isEqualTo(first.id().toString());
        assertThat(request.header("Vellum-Event-Type")).isEqualTo("car.maintenance-done");

        WebhookSignature receiverCheck = new WebhookSignature(SECRET);
        long timestamp = Long.parseLong(request.header(WebhookSignature.TIMESTAMP_HEADER));
        assertThat(receiverCheck.verify(timestamp, request.body(), request.header(WebhookSignature.SIGNATURE_HEADER))).isTrue();
        assertThat(receiverCheck.verify(timestamp + 1, request.body(), request.header(WebhookSignature.SIGNATURE_HEADER))).isFalse();
        assertThat(receiverCheck.verify(timestamp, request.body() + " ", request.header(WebhookSignature.SIGNATURE_HEADER))).isFalse();
        assertThat(new WebhookSignature("another-secret-of-enough-length".getBytes(StandardCharsets.UTF_8))
                .verify(timestamp, request.body(), request.header(WebhookSignature.SIGNATURE_HEADER))).isFalse();

        assertThat(new ObjectMapper().readTree(received.get(1).body()).get("data").toString()).isEqualTo("[1,2]");
    }

    @Test
    void passingFailuresAreRetriedWithTheSameIdUntilAccepted() throws Exception {
        answer(503, 429, 500, 200);
        IntegrationMessage message = message("car-1", "{}");

        sink(5).deliver(List.of(message));

        assertThat(received).hasSize(4).allSatisfy(r -> assertThat(r.header("Vellum-Event-Id")).isEqualTo(message.id().toString()));
    }

    @Test
    void aRefusalThatRetryingCannotFixIsPermanentAndNotRetried() {
        answer(400);
        IntegrationMessage message = message("car-1", "{}");

        assertThatThrownBy(() -> sink(5).deliver(List.of(message, message("car-2", "{}"))))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("HTTP 400: no luck").hasMessageContaining(message.id().toString());
        assertThat(received).hasSize(1);
    }

    @Test
    void aReceiverThatStaysDownFailsTheDeliveryForNowAfterTheAttempts() {
        answer(500, 500, 500, 500);

        assertThatThrownBy(() -> sink(3).deliver(List.of(message("car-1", "{}"))))
                .isInstanceOf(WebhookDeliveryException.class).hasMessageContaining("3 attempts")
                .hasMessageContaining("HTTP 500");
        assertThat(received).hasSize(3);
    }

    @Test
    void anUnreachableReceiverFailsTheDeliveryForNow() {
        server.stop(0);

        assertThatThrownBy(() -> sink(2).deliver(List.of(message("car-1", "{}"))))
                .isInstanceOf(WebhookDeliveryException.class).hasMessageContaining("2 attempts");
    }

    @Test
    void badSettingsAreRefusedWithClearErrors() {
        assertThatThrownBy(() -> WebhookSink.builder(URI.create("ftp://x/y"), SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
        assertThatThrownBy(() -> WebhookSink.builder(endpoint, new byte[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> new ExternalEvent("car.done", "car-1", "{oops"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one JSON value");
        assertThatThrownBy(() -> new ExternalEvent("car.done", "", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no key");
    }
}
