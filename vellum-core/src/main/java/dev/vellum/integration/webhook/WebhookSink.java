package dev.vellum.integration.webhook;

import dev.vellum.integration.IntegrationMessage;
import dev.vellum.integration.IntegrationSink;
import dev.vellum.integration.PermanentDeliveryException;
import dev.vellum.time.Backoff;
import dev.vellum.time.VellumClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers external events to an HTTP endpoint: one {@code POST} per message, in order, with the
 * JSON envelope of {@link WebhookPayload} as the body and these headers:
 *
 * <ul>
 * <li>{@code Vellum-Event-Id} and {@code Idempotency-Key}: the message id, the same on every
 *     delivery of the message, for the receiver to deduplicate;</li>
 * <li>{@code Vellum-Event-Type}: the external event type;</li>
 * <li>{@value WebhookSignature#TIMESTAMP_HEADER} and {@value WebhookSignature#SIGNATURE_HEADER}:
 *     an HMAC-SHA256 signature of the timestamp and body with the shared secret (see
 *     {@link WebhookSignature}, which receivers can use to check it).</li>
 * </ul>
 *
 * <p>A 2xx answer is success. A connection error, a timeout, 408, 425, 429 or a 5xx is retried
 * with {@link Backoff} (honouring {@code Retry-After} in seconds, up to the backoff's maximum), up to
 * {@code maxAttempts}, then {@link WebhookDeliveryException} tells the publisher to try again later.
 * Any other answer (400, 401, 404...) cannot get better by retrying: {@link PermanentDeliveryException}.
 *
 * <pre>{@code
 * IntegrationSink partner = WebhookSink.builder(URI.create("https://partner.example/hooks/vellum"), secret)
 *         .maxAttempts(5).backoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10))).build();
 * }</pre>
 */
public final class WebhookSink implements IntegrationSink {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);

    private final URI endpoint;
    private final WebhookSignature signature;
    private final HttpClient client;
    private final Duration timeout;
    private final int maxAttempts;
    private final Backoff backoff;
    private final VellumClock clock;

    private WebhookSink(Builder b) {
        this.endpoint = b.endpoint;
        this.signature = b.signature;
        this.client = b.client != null ? b.client
                : HttpClient.newBuilder().connectTimeout(b.timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = b.timeout;
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.clock = b.clock;
    }

    /** Starts configuring a sink that posts to {@code endpoint}, signing with {@code secret} (16 bytes or more). */
    public static Builder builder(URI endpoint, byte[] secret) {
        return new Builder(endpoint, secret);
    }

    @Override
    public void deliver(List<IntegrationMessage> messages) throws InterruptedException {
        for (IntegrationMessage message : messages) {
            post(message);
        }
    }

    private void post(IntegrationMessage message) throws InterruptedException {
        String body = WebhookPayload.write(message);
        String lastProblem = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Duration wait = backoff.delay(attempt);
            try {
                HttpResponse<String> response = client.send(request(message, body), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
                lastProblem = "HTTP " + status + excerpt(response.body());
                if (!retryable(status)) {
                    throw new PermanentDeliveryException("The webhook " + endpoint + " refused message " + message.id()
                            + " (" + message.type() + ") with " + lastProblem + ". Retrying cannot help: fix the "
                            + "receiver or the sink's settings (URL, secret), then start the publisher again.");
                }
                wait = retryAfter(response, wait);
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            LOG.debug("Webhook {} attempt {} for message {} failed: {}", endpoint, attempt, message.id(), lastProblem);
            if (attempt < maxAttempts) {
                Thread.sleep(wait);
            }
        }
        throw new WebhookDeliveryException("The webhook " + endpoint + " did not accept message " + message.id() + " ("
                + message.type() + ") in " + maxAttempts + " attempts; last: " + lastProblem
                + ". The publisher will send it again.");
    }

    private HttpRequest request(IntegrationMessage message, String body) {
        long timestamp = clock.instant().getEpochSecond();
        return HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Vellum-Event-Id", message.id().toString())
                .header("Idempotency-Key", message.id().toString())
                .header("Vellum-Event-Type", message.type())
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, signature.sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private static boolean retryable(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    private Duration retryAfter(HttpResponse<?> response, Duration wait) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                Duration asked = Duration.ofSeconds(Long.parseLong(value.strip()));
                Duration capped = asked.compareTo(backoff.max()) > 0 ? backoff.max() : asked;
                return capped.compareTo(wait) > 0 ? capped : wait;
            } catch (NumberFormatException e) {
                return wait; // an HTTP date: the backoff is good enough
            }
        }).orElse(wait);
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }

    /** Settings for a {@link WebhookSink}; each but the endpoint and secret has a default. */
    public static final class Builder {

        private final URI endpoint;
        private final WebhookSignature signature;
        private HttpClient client;
        private Duration timeout = Duration.ofSeconds(10);
        private int maxAttempts = 5;
        private Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
        private VellumClock clock = VellumClock.system();

        private Builder(URI endpoint, byte[] secret) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("A webhook endpoint is an http or https URL, got '" + endpoint + "'.");
            }
            this.signature = new WebhookSignature(secret);
        }

        /** How long one request may take, connecting included; 10 s unless set. */
        public Builder timeout(Duration newTimeout) {
            if (newTimeout.isNegative() || newTimeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + newTimeout);
            }
            this.timeout = newTimeout;
            return this;
        }

        /** How many times one message is tried before the delivery fails for now; 5 unless set. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be 1 or more, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The waits between attempts; 200 ms doubling up to 10 s unless set. */
        public Builder backoff(Backoff newBackoff) {
            this.backoff = Objects.requireNonNull(newBackoff, "backoff");
            return this;
        }

        /** The HTTP client, e.g. with a proxy or TLS settings; a new one with the timeout unless set. */
        public Builder httpClient(HttpClient newClient) {
            this.client = Objects.requireNonNull(newClient, "httpClient");
            return this;
        }

        /** The clock the signature's timestamp is read from; the system clock unless set. */
        public Builder clock(VellumClock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /** The sink. */
        public WebhookSink build() {
            return new WebhookSink(this);
        }
    }
}
