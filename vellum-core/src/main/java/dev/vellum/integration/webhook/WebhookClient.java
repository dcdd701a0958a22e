package dev.vellum.integration.webhook;

import dev.vellum.retry.Retries;
import dev.vellum.time.Backoff;
import dev.vellum.time.VellumClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed JSON {@code POST}s to one webhook endpoint, each tried until the receiver accepts it: what
 * {@link WebhookSink} (integration events) and the server's alert webhook share, so both sign alike
 * ({@link WebhookSignature}: {@value WebhookSignature#TIMESTAMP_HEADER} and
 * {@value WebhookSignature#SIGNATURE_HEADER} over the timestamp and the body) and retry alike.
 *
 * <p>A 2xx answer is {@link Outcome.Accepted}. A connection error, a timeout, 408, 425, 429 or a 5xx
 * is tried again after its {@link Retries}' {@link Backoff#delay} (a longer {@code Retry-After} in
 * seconds is honoured, up to the backoff's maximum), until the attempts run out, then
 * {@link Outcome.GaveUp}. Any other answer
 * (400, 401, 404...) cannot get better by retrying: {@link Outcome.Refused} at once. The caller turns
 * an outcome into the error its own users need (try later, fix the receiver).
 *
 * <pre>{@code
 * WebhookClient hook = WebhookClient.builder(URI.create("https://ops.example.com/hooks"), secret)
 *         .retries(new Retries(5, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10)))).build();
 * switch (hook.post(json, Map.of("Idempotency-Key", id))) { ... }
 * }</pre>
 */
public final class WebhookClient {

    /** 5 attempts from 200 ms doubling up to 10 s. */
    public static final Retries DEFAULT_RETRIES = new Retries(5, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10)));

    private static final Logger LOG = LoggerFactory.getLogger(WebhookClient.class);

    /** What became of one {@link #post}. */
    public sealed interface Outcome {

        /** The receiver answered 2xx. @param attempts how many attempts it took */
        record Accepted(int attempts) implements Outcome {
        }

        /** The receiver refused it in a way retrying cannot change. @param problem its answer, e.g. {@code HTTP 401: ...} */
        record Refused(String problem) implements Outcome {
        }

        /**
         * Every attempt failed in a way that may pass (the receiver down, busy or slow).
         *
         * @param attempts how many were made
         * @param lastProblem the last answer or error
         */
        record GaveUp(int attempts, String lastProblem) implements Outcome {
        }
    }

    private final URI endpoint;
    private final WebhookSignature signature;
    private final HttpClient client;
    private final Duration timeout;
    private final Retries retries;
    private final VellumClock clock;

    private WebhookClient(Builder b) {
        this.endpoint = b.endpoint;
        this.signature = b.signature;
        this.client = b.client != null ? b.client
                : HttpClient.newBuilder().connectTimeout(b.timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = b.timeout;
        this.retries = b.retries;
        this.clock = b.clock;
    }

    /**
     * Starts configuring a client that posts to {@code endpoint}, signing with {@code secret}.
     *
     * @throws IllegalArgumentException when the endpoint is not an http or https URL, or the secret
     *     has fewer than 16 bytes
     */
    public static Builder builder(URI endpoint, byte[] secret) {
        return new Builder(endpoint, secret);
    }

    /** Where it posts. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * POSTs {@code body} (JSON) with {@code headers} beside {@code Content-Type} and the signature,
     * signed afresh at each attempt, until it is accepted, refused, or the attempts run out.
     */
    public Outcome post(String body, Map<String, String> headers) throws InterruptedException {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headers, "headers");
        String lastProblem = null;
        int attempts = retries.attempts();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Duration wait = retries.backoff().delay(attempt);
            try {
                HttpResponse<String> response = client.send(request(body, headers), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Outcome.Accepted(attempt);
                }
                lastProblem = "HTTP " + status + excerpt(response.body());
                if (!retryable(status)) {
                    return new Outcome.Refused(lastProblem);
                }
                wait = retryAfter(response, wait);
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            LOG.debug("Webhook {} attempt {} failed: {}", endpoint, attempt, lastProblem);
            if (attempt < attempts) {
                Thread.sleep(wait);
            }
        }
        return new Outcome.GaveUp(attempts, lastProblem);
    }

    private HttpRequest request(String body, Map<String, String> headers) {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8");
        headers.forEach(request::header);
        return request.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
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
                Duration capped = asked.compareTo(retries.backoff().max()) > 0 ? retries.backoff().max() : asked;
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

    /** Settings for a {@link WebhookClient}; each but the endpoint and secret has a default. */
    public static final class Builder {

        private final URI endpoint;
        private final WebhookSignature signature;
        private HttpClient client;
        private Duration timeout = Duration.ofSeconds(10);
        private Retries retries = DEFAULT_RETRIES;
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

        /**
         * How many times one body is tried before {@link Outcome.GaveUp}, and the waits between the
         * attempts (the longest a {@code Retry-After} may make one); {@link #DEFAULT_RETRIES} unless set.
         */
        public Builder retries(Retries newRetries) {
            this.retries = Objects.requireNonNull(newRetries, "retries");
            return this;
        }

        /** The HTTP client, e.g. with a proxy or TLS settings; a new one with the timeout, following no redirects, unless set. */
        public Builder httpClient(HttpClient newClient) {
            this.client = Objects.requireNonNull(newClient, "httpClient");
            return this;
        }

        /** The clock the signature's timestamp is read from; the system clock unless set. */
        public Builder clock(VellumClock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /** The client. */
        public WebhookClient build() {
            return new WebhookClient(this);
        }
    }
}
