package dev.vellum.integration.webhook;

import dev.vellum.integration.IntegrationMessage;
import dev.vellum.integration.IntegrationSink;
import dev.vellum.integration.PermanentDeliveryException;
import dev.vellum.retry.Retries;
import dev.vellum.time.Backoff;
import dev.vellum.time.VellumClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * <p>Each message is posted and retried by a {@link WebhookClient}: a 2xx answer is success; a
 * connection error, a timeout, 408, 425, 429 or a 5xx is retried as its {@link Retries} say (honouring
 * {@code Retry-After} in seconds, up to the backoff's maximum) until the attempts run out, then
 * {@link WebhookDeliveryException} tells the publisher to try again later. Any other answer (400,
 * 401, 404...) cannot get better by retrying: {@link PermanentDeliveryException}.
 *
 * <pre>{@code
 * IntegrationSink partner = WebhookSink.builder(URI.create("https://partner.example/hooks/vellum"), secret)
 *         .retries(new Retries(5, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10)))).build();
 * }</pre>
 */
public final class WebhookSink implements IntegrationSink {

    private final WebhookClient client;

    private WebhookSink(WebhookClient client) {
        this.client = client;
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
        Map<String, String> headers = Map.of("Vellum-Event-Id", message.id().toString(),
                "Idempotency-Key", message.id().toString(), "Vellum-Event-Type", message.type());
        switch (client.post(WebhookPayload.write(message), headers)) {
            case WebhookClient.Outcome.Accepted accepted -> {
            }
            case WebhookClient.Outcome.Refused refused -> throw new PermanentDeliveryException("The webhook "
                    + client.endpoint() + " refused message " + message.id() + " (" + message.type() + ") with "
                    + refused.problem() + ". Retrying cannot help: fix the receiver or the sink's settings (URL, secret), "
                    + "then start the publisher again.");
            case WebhookClient.Outcome.GaveUp gaveUp -> throw new WebhookDeliveryException("The webhook "
                    + client.endpoint() + " did not accept message " + message.id() + " (" + message.type() + ") in "
                    + gaveUp.attempts() + " attempts; last: " + gaveUp.lastProblem() + ". The publisher will send it again.");
        }
    }

    /** Settings for a {@link WebhookSink}; each but the endpoint and secret has a default ({@link WebhookClient.Builder}'s). */
    public static final class Builder {

        private final WebhookClient.Builder client;

        private Builder(URI endpoint, byte[] secret) {
            this.client = WebhookClient.builder(endpoint, secret);
        }

        /** How long one request may take, connecting included; 10 s unless set. */
        public Builder timeout(Duration newTimeout) {
            client.timeout(newTimeout);
            return this;
        }

        /**
         * How many times one message is tried before the delivery fails for now, and the waits between
         * the attempts; {@link WebhookClient#DEFAULT_RETRIES} unless set.
         */
        public Builder retries(Retries retries) {
            client.retries(retries);
            return this;
        }

        /** The HTTP client, e.g. with a proxy or TLS settings; a new one with the timeout unless set. */
        public Builder httpClient(HttpClient newClient) {
            client.httpClient(newClient);
            return this;
        }

        /** The clock the signature's timestamp is read from; the system clock unless set. */
        public Builder clock(VellumClock newClock) {
            client.clock(newClock);
            return this;
        }

        /** The sink. */
        public WebhookSink build() {
            return new WebhookSink(client.build());
        }
    }
}
