package dev.vellum.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.spring.boot.MountedVellumServer;
import dev.vellum.store.EventStore;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample with the Vellum HTTP API and console mounted ({@code vellum.server.enabled}) on a port of
 * its own, with a users file: over a real HTTP client, an anonymous caller gets 401, a viewer reads the
 * application's workers and store but cannot act (403, nothing changes), an operator can.
 */
@SpringBootTest(classes = OrderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vellum.server.enabled=true", "vellum.server.port=0"})
@ActiveProfiles("sqlite")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MountedServerTest {

    private static final String VIEWER_SECRET = UUID.randomUUID().toString();
    private static final String OPERATOR_SECRET = UUID.randomUUID().toString();
    private static final String EMAILS = "reactor.confirmation-email";
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("vellum-boot-server");
            Files.writeString(DIR.resolve("users"), "# the test's users\n"
                    + "vera viewer sha256:" + sha256(VIEWER_SECRET) + "\n"
                    + "otto operator sha256:" + sha256(OPERATOR_SECRET) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) {
        registry.add("vellum.sqlite.path", () -> DIR.resolve("vellum.db").toString());
        registry.add("vellum.server.users", () -> DIR.resolve("users").toString());
    }

    @LocalServerPort
    int appPort;

    @Autowired
    MountedVellumServer server;

    @Autowired
    WorkerRegistry registry;

    @Autowired
    EventStore store;

    private Http console() {
        return new Http(server.url().orElseThrow().getPort());
    }

    @Test
    void itListensOnLoopbackOnAPortOfItsOwnWithoutALoginToken() {
        URI url = server.url().orElseThrow();
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getPort()).isNotEqualTo(appPort);
        assertThat(server.loginUrl()).as("users are configured").isEmpty();
    }

    @Test
    void anAnonymousCallerGets401() throws Exception {
        assertThat(console().get("/api/workers").status()).isEqualTo(401);
        assertThat(console().post("/api/workers/" + EMAILS + "/pause", "").status()).isEqualTo(401);
        assertThat(console().basic("vera", OPERATOR_SECRET).get("/api/workers").status()).as("another user's secret")
                .isEqualTo(401);
        assertThat(registry.status(EMAILS).state()).isNotEqualTo(WorkerState.PAUSED);
    }

    @Test
    void aViewerSeesTheApplicationsWorkersAndStoreButCannotAct() throws Exception {
        Http viewer = console().basic("vera", VIEWER_SECRET);
        assertThat(new Http(appPort).placeOrder("m1", "mia@example.com", "5").status()).isEqualTo(201);
        Http.Answer workers = viewer.get("/api/workers");
        assertThat(workers.status()).isEqualTo(200);
        assertThat(workers.body().findValuesAsText("name")).contains("projection.order-summary.v1", EMAILS);
        Http.Answer storeInfo = viewer.get("/api/store");
        assertThat(storeInfo.status()).isEqualTo(200);
        assertThat(storeInfo.body().get("head").asLong()).isEqualTo(store.head().value());

        Http.Answer refused = viewer.post("/api/workers/" + EMAILS + "/pause", "{\"reason\":\"try\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(registry.status(EMAILS).state()).isNotEqualTo(WorkerState.PAUSED);
    }

    @Test
    void anOperatorActsOnTheApplicationsWorkersAndIsRecorded() throws Exception {
        Http operator = console().basic("otto", OPERATOR_SECRET);
        Http.Answer paused = operator.post("/api/workers/" + EMAILS + "/pause", "{\"reason\":\"mail server upgrade\"}");
        assertThat(paused.status()).as(paused.body().toString()).isEqualTo(200);
        assertThat(paused.body().get("actor").asText()).isEqualTo("otto");
        assertThat(registry.status(EMAILS).state()).isEqualTo(WorkerState.PAUSED);
        assertThat(operator.post("/api/workers/" + EMAILS + "/resume", "").status()).isEqualTo(200);
        assertThat(registry.status(EMAILS).state()).isNotEqualTo(WorkerState.PAUSED);
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
