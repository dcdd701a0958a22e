package dev.vellum.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.vellum.retry.InvalidRetriesException;
import dev.vellum.retry.Retries;
import dev.vellum.time.Backoff;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The webhook notifier's settings and its answer when a receiver never accepts, or refuses. */
class WebhookNotifierTest {

    @Test
    void badSettingsAreRefusedWhenBuiltNotAtTheFirstAlert() {
        assertThatThrownBy(() -> WebhookNotifier.builder(URI.create("ftp://ops.example.com/hook"), AlertReceiver.SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
        assertThatThrownBy(() -> WebhookNotifier.builder(URI.create("http://127.0.0.1/hook"), new byte[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> WebhookNotifier.builder(URI.create("http://127.0.0.1/hook"), AlertReceiver.SECRET)
                .retries(new Retries(0, Backoff.DEFAULT))).isInstanceOf(InvalidRetriesException.class);
        assertThatThrownBy(() -> WebhookNotifier.builder(URI.create("http://127.0.0.1/hook"), AlertReceiver.SECRET)
                .retries(new Retries(101, Backoff.DEFAULT))).isInstanceOf(InvalidRetriesException.class)
                .hasMessageContaining("1 to 100");
    }

    /** A refusal retrying cannot change (a wrong secret: 401) is not tried again, as the integration sink does. */
    @Test
    void aReceiverThatRefusesIsNotTriedAgain() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/hook", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        refusing.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + refusing.getAddress().getPort() + "/hook");
            WebhookNotifier notifier = WebhookNotifier.builder(uri, AlertReceiver.SECRET)
                    .retries(new Retries(5, new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)))).build();
            assertThatThrownBy(() -> notifier.send(alert())).isInstanceOf(AlertDeliveryException.class)
                    .hasMessageContaining("HTTP 401").hasMessageContaining("not tried again");
            assertThat(requests.get()).isEqualTo(1);
        } finally {
            refusing.stop(0);
        }
    }

    private static Alert alert() {
        Incident incident = new Incident(UUID.randomUUID(), IncidentKind.PARKED, "projection.orders.v1",
                WorkerKind.PROJECTION, WorkerState.LIVE, null, "1 parked event", "node-1", Instant.now());
        return new Alert(Alert.Phase.OPENED, incident, Instant.now());
    }

    @Test
    void aReceiverThatNeverAcceptsGivesATypedErrorAfterTheBoundedAttempts() throws Exception {
        try (AlertReceiver receiver = new AlertReceiver(Integer.MAX_VALUE)) {
            WebhookNotifier notifier = WebhookNotifier.builder(receiver.uri(), AlertReceiver.SECRET)
                    .retries(new Retries(3, new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)))).build();
            Incident incident = new Incident(UUID.randomUUID(), IncidentKind.PARKED, "projection.orders.v1",
                    WorkerKind.PROJECTION, WorkerState.LIVE, null, "1 parked event", "node-1", Instant.now());
            assertThatThrownBy(() -> notifier.send(new Alert(Alert.Phase.OPENED, incident, Instant.now())))
                    .isInstanceOf(AlertDeliveryException.class).hasMessageContaining("3 attempts")
                    .hasMessageContaining("HTTP 503");
            assertThat(receiver.requests.get()).isEqualTo(3);
        }
    }
}
