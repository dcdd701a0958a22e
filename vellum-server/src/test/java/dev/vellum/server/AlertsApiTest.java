package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.retry.Retries;
import dev.vellum.server.Api.Answer;
import dev.vellum.server.alerts.Alerts;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.worker.WorkerRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/alerts} against a real server on SQLite: a projection that fails shows as an open
 * incident, and once it runs again as a resolved one; a viewer reads it, nobody else; a server
 * without alerts says so.
 */
class AlertsApiTest {

    private static final String WORKER = "projection.fails.v1";

    @TempDir
    Path directory;

    private EventStore store;
    private SqliteReadModel readModel;
    private WorkerRegistry registry;
    private ProjectionRunner runner;
    private Alerts alerts;
    private VellumServer server;
    private volatile boolean broken = true;

    @BeforeEach
    void start() {
        store = SqliteEventStore.open(directory.resolve("events.db"));
        readModel = SqliteReadModel.open(directory.resolve("read.db"));
        registry = WorkerRegistry.open(store, "node-1");
        runner = ProjectionRunner.builder(store).registry(registry).build();
        alerts = Alerts.builder(registry).every(Duration.ofMillis(20)).notifier(alert -> { }).start();
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).workers(registry).alerts(alerts)
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
        alerts.close();
        runner.close();
        registry.close();
        readModel.close();
        store.close();
    }

    @Test
    void aFailedWorkerIsAnOpenIncidentAndOnceItRunsAgainAResolvedOne() throws Exception {
        Api viewer = Api.viewer(server);
        Answer quiet = viewer.get("/api/alerts");
        assertThat(quiet.status()).isEqualTo(200);
        assertThat(quiet.json().get("enabled").asBoolean()).isTrue();
        assertThat(quiet.json().get("open")).isEmpty();
        assertThat(quiet.json().get("resolved")).isEmpty();

        RunningProjection running = runner.start(Projection.builder("fails")
                .retries(Retries.none()).errorPolicy(ErrorPolicy.STOP)
                .handler((context, event) -> {
                    if (broken) {
                        throw new IllegalStateException("broken on purpose");
                    }
                }).build(), readModel);
        store.append(StreamId.of("thing-1"), ExpectedRevision.any(), EventData.of("Happened", "{}"));
        eventually("the incident is open", () -> viewer.get("/api/alerts").json().get("open").size() == 1);
        JsonNode open = viewer.get("/api/alerts").json().get("open").get(0);
        assertThat(open.get("incident").asText()).isEqualTo("FAILED");
        assertThat(open.get("worker").asText()).isEqualTo(WORKER);
        assertThat(open.get("kind").asText()).isEqualTo("PROJECTION");
        assertThat(open.get("state").asText()).isEqualTo("FAILED");
        assertThat(open.get("node").asText()).isEqualTo("node-1");
        assertThat(open.get("since").asText()).isNotBlank();
        assertThat(open.get("detail").asText()).isEqualTo("stopped by an error");
        assertThat(open.get("lastError").get("message").asText()).contains("broken on purpose");

        broken = false;
        running.resume();
        eventually("the incident is resolved", () -> viewer.get("/api/alerts").json().get("open").isEmpty());
        JsonNode body = viewer.get("/api/alerts").json();
        assertThat(body.get("resolved")).hasSize(1);
        JsonNode resolved = body.get("resolved").get(0);
        assertThat(resolved.get("id").asText()).isEqualTo(open.get("id").asText());
        assertThat(resolved.get("incident").asText()).isEqualTo("FAILED");
        assertThat(resolved.get("state").asText()).isNotEqualTo("FAILED");
        assertThat(resolved.get("resolvedAt").asText()).isGreaterThanOrEqualTo(open.get("since").asText());
    }

    @Test
    void onlyAViewerOrAnOperatorReadsThem() {
        Answer anonymous = Api.anonymous(server).get("/api/alerts");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("type").asText()).isEqualTo("urn:vellum:problem:unauthorized");
        assertThat(Api.operator(server).get("/api/alerts").status()).isEqualTo(200);
    }

    @Test
    void aServerWithoutAlertsSaysNoneRun() {
        try (VellumServer plain = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).start()) {
            JsonNode body = Api.viewer(plain).get("/api/alerts").json();
            assertThat(body.get("enabled").asBoolean()).isFalse();
            assertThat(body.get("open")).isEmpty();
            assertThat(body.get("resolved")).isEmpty();
        }
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
