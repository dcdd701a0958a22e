package dev.vellum.server.alerts;

import dev.vellum.integration.webhook.WebhookSignature;
import dev.vellum.server.alerts.internal.AlertJson;
import dev.vellum.time.Backoff;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each {@link Alert} as JSON to a URL, signed as the integration webhook sink signs
 * ({@link WebhookSignature}: headers {@value WebhookSignature#SIGNATURE_HEADER} and
 * {@value WebhookSignature#TIMESTAMP_HEADER}), with {@code Idempotency-Key} set to the incident's id and
 * phase so a receiver keeps one of each even when a retry repeats a delivery it had taken. An answer
 * other than 2xx, or no answer, is tried again with {@link Backoff} up to {@code maxAttempts} times;
 * then {@link AlertDeliveryException}.
 *
 * <pre>{@code
 * Notifier hook = WebhookNotifier.builder(URI.create("https://ops.example.com/hooks/vellum"), secret)
 *         .maxAttempts(5).backoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10))).build();
 * }</pre>
 */
public final class WebhookNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    private final URI endpoint;
    private final WebhookSignature signature;
    private final HttpClient client;
    private final Duration timeout;
    private final int maxAttempts;
    private final Backoff backoff;

    private WebhookNotifier(Builder b) {
        this.endpoint = b.endpoint;
        this.signature = new WebhookSignature(b.secret);
        this.client = b.client != null ? b.client : HttpClient.newBuilder().connectTimeout(b.timeout).build();
        this.timeout = b.timeout;
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
    }

    /**
     * A notifier posting to {@code endpoint}, signing with {@code secret} (at least 16 bytes).
     *
     * @throws IllegalArgumentException when the endpoint is not http(s) or the secret is too short
     */
    public static Builder builder(URI endpoint, byte[] secret) {
        return new Builder(endpoint, secret);
    }

    @Override
    public void send(Alert alert) throws InterruptedException {
        String body = AlertJson.body(alert);
        String key = alert.incident().id() + ":" + alert.phase().name().toLowerCase(Locale.ROOT);
        String lastProblem = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                HttpResponse<Void> response = client.send(request(key, body), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() >= 200 && response.statusCode() < 300) {
                    return;
                }
                lastProblem = "HTTP " + response.statusCode();
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            LOG.debug("Alert webhook {} attempt {} for {} failed: {}", endpoint, attempt, key, lastProblem);
            if (attempt < maxAttempts) {
                Thread.sleep(backoff.delay(attempt));
            }
        }
        throw new AlertDeliveryException("The alert webhook " + endpoint + " did not accept " + key + " in " + maxAttempts
                + " attempts; last: " + lastProblem + ". Check that the receiver is up and its URL and secret are right.");
    }

    private HttpRequest request(String key, String body) {
        long timestamp = Instant.now().getEpochSecond();
        return HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", key)
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, signature.sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    /** Settings of a {@link WebhookNotifier}. */
    public static final class Builder {
        private final URI endpoint;
        private final byte[] secret;
        private HttpClient client;
        private Duration timeout = Duration.ofSeconds(10);
        private int maxAttempts = 5;
        private Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

        private Builder(URI endpoint, byte[] secret) {
            Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("An alert webhook needs an http or https URL, got '" + endpoint + "'");
            }
            new WebhookSignature(secret); // checks the secret now rather than at the first alert
            this.endpoint = endpoint;
            this.secret = secret.clone();
        }

        /** How long one request may take; 10 s unless set. */
        public Builder timeout(Duration newTimeout) {
            if (newTimeout.isNegative() || newTimeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + newTimeout);
            }
            this.timeout = newTimeout;
            return this;
        }

        /** How many times one alert is tried, 1 to 100; 5 unless set. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 100) {
                throw new IllegalArgumentException("maxAttempts must be 1 to 100, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The waits between attempts; 200 ms doubling up to 10 s unless set. */
        public Builder backoff(Backoff newBackoff) {
            this.backoff = Objects.requireNonNull(newBackoff, "backoff");
            return this;
        }

        /** The HTTP client to send with (a proxy, TLS settings); a new one unless set. */
        public Builder httpClient(HttpClient newClient) {
            this.client = Objects.requireNonNull(newClient, "client");
            return this;
        }

        /** The notifier. */
        public WebhookNotifier build() {
            return new WebhookNotifier(this);
        }
    }
}
