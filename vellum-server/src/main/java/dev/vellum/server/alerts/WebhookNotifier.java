package dev.vellum.server.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.integration.webhook.WebhookClient;
import dev.vellum.integration.webhook.WebhookSignature;
import dev.vellum.retry.InvalidRetriesException;
import dev.vellum.retry.Retries;
import dev.vellum.server.internal.AlertJson;
import dev.vellum.time.Backoff;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * POSTs each {@link Alert} as JSON to a URL through the same {@link WebhookClient} as the integration
 * webhook sink, so it is signed ({@link WebhookSignature}: headers {@value WebhookSignature#SIGNATURE_HEADER}
 * and {@value WebhookSignature#TIMESTAMP_HEADER}) and retried alike, with {@code Idempotency-Key} set to
 * the incident's id and phase so a receiver keeps one of each even when a retry repeats a delivery it
 * had taken. No answer, 408, 425, 429 or a 5xx is tried again as its {@link Retries} say, at
 * most 100 attempts; then, or at once for an answer retrying cannot change (400, 401, 404...),
 * {@link AlertDeliveryException}.
 *
 * <pre>{@code
 * Notifier hook = WebhookNotifier.builder(URI.create("https://ops.example.com/hooks/vellum"), secret)
 *         .retries(new Retries(5, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10)))).build();
 * }</pre>
 */
public final class WebhookNotifier implements Notifier {

    private final WebhookClient client;

    private WebhookNotifier(WebhookClient client) {
        this.client = client;
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
        String key = alert.incident().id() + ":" + alert.phase().name().toLowerCase(Locale.ROOT);
        switch (client.post(body(alert), Map.of("Idempotency-Key", key))) {
            case WebhookClient.Outcome.Accepted accepted -> {
            }
            case WebhookClient.Outcome.Refused refused -> throw new AlertDeliveryException("The alert webhook "
                    + client.endpoint() + " refused " + key + " with " + refused.problem() + "; not tried again. Check "
                    + "the receiver's URL and secret.");
            case WebhookClient.Outcome.GaveUp gaveUp -> throw new AlertDeliveryException("The alert webhook "
                    + client.endpoint() + " did not accept " + key + " in " + gaveUp.attempts() + " attempts; last: "
                    + gaveUp.lastProblem() + ". Check that the receiver is up and its URL and secret are right.");
        }
    }

    /** The webhook body of {@code alert}: its incident, phase and time. */
    private static String body(Alert alert) {
        Incident i = alert.incident();
        ObjectNode node = AlertJson.incident(i.id(), i.kind().name(), i.worker(), i.workerKind(), i.state(),
                i.lastError(), i.detail(), i.node(), i.since());
        node.put("phase", alert.phase().name().toLowerCase(Locale.ROOT));
        node.put("at", alert.at().toString());
        return node.toString();
    }

    /** Settings of a {@link WebhookNotifier}: {@link WebhookClient.Builder}'s, with at most 100 attempts. */
    public static final class Builder {
        private final WebhookClient.Builder client;

        private Builder(URI endpoint, byte[] secret) {
            this.client = WebhookClient.builder(endpoint, secret);
        }

        /** How long one request may take; 10 s unless set. */
        public Builder timeout(Duration newTimeout) {
            client.timeout(newTimeout);
            return this;
        }

        /**
         * How many times one alert is tried, 1 to 100, and the waits between the attempts;
         * {@link WebhookClient#DEFAULT_RETRIES} unless set.
         *
         * @throws InvalidRetriesException when more than 100 attempts are asked for
         */
        public Builder retries(Retries retries) {
            if (retries.attempts() > 100) {
                throw new InvalidRetriesException("An alert webhook takes 1 to 100 attempts, got " + retries.attempts()
                        + ": an alert is about the present, and one delayed by hours of retries helps nobody.");
            }
            client.retries(retries);
            return this;
        }

        /** The HTTP client to send with (a proxy, TLS settings); a new one unless set. */
        public Builder httpClient(HttpClient newClient) {
            client.httpClient(newClient);
            return this;
        }

        /** The notifier. */
        public WebhookNotifier build() {
            return new WebhookNotifier(client.build());
        }
    }
}
