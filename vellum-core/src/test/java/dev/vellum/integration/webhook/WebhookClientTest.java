package dev.vellum.integration.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.vellum.retry.Retries;
import dev.vellum.time.Backoff;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The signed POST with retries that the webhook sink and the alert webhook share, against a real server on loopback. */
class WebhookClientTest {

    private static final byte[] SECRET = "a-shared-secret-of-32-bytes-long".getBytes(StandardCharsets.UTF_8);

    private final List<Headers> received = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final Queue<Integer> answers = new ArrayDeque<>();
    private HttpServer server;
    private URI endpoint;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.add(exchange.getRequestHeaders());
            Integer status;
            synchronized (answers) {
                status = answers.poll();
            }
            exchange.sendResponseHeaders(status == null ? 204 : status, -1);
            exchange.close();
        });
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
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

    private WebhookClient client(int attempts) {
        return WebhookClient.builder(endpoint, SECRET)
                .retries(new Retries(attempts, new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)))).build();
    }

    @Test
    void aPassingFailureIsTriedAgainAndEveryAttemptIsSignedWithTheCallersHeaders() throws Exception {
        answer(503, 429);
        WebhookClient.Outcome outcome = client(5).post("{\"a\":1}", Map.of("Idempotency-Key", "k-1"));
        assertThat(outcome).isEqualTo(new WebhookClient.Outcome.Accepted(3));
        assertThat(received).hasSize(3);
        WebhookSignature signature = new WebhookSignature(SECRET);
        for (int i = 0; i < received.size(); i++) {
            Headers headers = received.get(i);
            assertThat(headers.getFirst("Idempotency-Key")).isEqualTo("k-1");
            assertThat(headers.getFirst("Content-Type")).startsWith("application/json");
            long timestamp = Long.parseLong(headers.getFirst(WebhookSignature.TIMESTAMP_HEADER));
            assertThat(signature.verify(timestamp, bodies.get(i), headers.getFirst(WebhookSignature.SIGNATURE_HEADER))).isTrue();
        }
    }

    @Test
    void anAnswerRetryingCannotChangeIsRefusedAtOnce() throws Exception {
        answer(401);
        WebhookClient.Outcome outcome = client(5).post("{}", Map.of());
        assertThat(outcome).isInstanceOf(WebhookClient.Outcome.Refused.class);
        assertThat(((WebhookClient.Outcome.Refused) outcome).problem()).startsWith("HTTP 401");
        assertThat(received).hasSize(1);
    }

    @Test
    void aReceiverThatStaysDownIsGivenUpAfterTheAttempts() throws Exception {
        answer(500, 502, 503, 504);
        WebhookClient.Outcome outcome = client(3).post("{}", Map.of());
        assertThat(outcome).isEqualTo(new WebhookClient.Outcome.GaveUp(3, "HTTP 503"));
        assertThat(received).hasSize(3);
    }
}
