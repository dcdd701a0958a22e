package dev.vellum.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vellum.integration.webhook.WebhookSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on loopback that checks each request's signature, answers 503 to the first
 * {@code failFirst} requests, and keeps the alerts it accepted.
 */
final class AlertReceiver implements AutoCloseable {

    static final byte[] SECRET = "a-secret-of-at-least-16-bytes".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An alert as received, with whether its signature verified and the idempotency key sent. */
    record Received(JsonNode body, boolean signed, String idempotencyKey) {
        String phase() {
            return body.get("phase").asText();
        }

        String incident() {
            return body.get("incident").asText();
        }

        String id() {
            return body.get("id").asText();
        }
    }

    private final HttpServer server;
    private final AtomicInteger failuresLeft;
    final AtomicInteger requests = new AtomicInteger();
    final List<Received> accepted = new CopyOnWriteArrayList<>();

    AlertReceiver(int failFirst) throws IOException {
        this.failuresLeft = new AtomicInteger(failFirst);
        WebhookSignature signature = new WebhookSignature(SECRET);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            requests.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (failuresLeft.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            long timestamp = Long.parseLong(exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER));
            boolean signed = signature.verify(timestamp, body,
                    exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER));
            accepted.add(new Received(JSON.readTree(body), signed, exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    List<Received> of(String incident) {
        return accepted.stream().filter(r -> r.incident().equals(incident)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
