package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.server.Api.Answer;
import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Routes.Route;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.worker.WorkerRegistry;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security by default against a real server: every route needs its role, every mutating route is
 * tried without credentials (401) and as a viewer (403) and changes nothing; loopback unless users
 * are configured; a generated operator token and its login URL when none are.
 */
class SecurityTest {

    @TempDir
    Path directory;

    private EventStore store;
    private WorkerRegistry workers;
    private VellumServer server;

    @BeforeEach
    void start() {
        store = SqliteEventStore.open(directory.resolve("vellum.db"));
        workers = WorkerRegistry.open(store, "node-1");
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).workers(workers).start();
        Api.operator(server).post("/api/streams/order-1", StoreApiTests.append("\"no-stream\"", "A", "B"));
    }

    @AfterEach
    void stop() {
        server.close();
        workers.close();
        store.close();
    }

    /** A path of {@code route} with its parameters filled in. */
    private static String concrete(Route route) {
        return route.path().replace("{stream}", "order-1").replace("{id}", "7d0a8f0e-51c9-4f5e-9a37-2d2a3a1f0c11")
                .replace("{aggregate}", "order").replace("{worker}", "projection.orders.v1").replace("{position}", "1")
                .replace("{key}", "effect-1").replace("{instance}", "instance-1");
    }

    private List<Route> mutating() {
        return server.routes().stream().filter(r -> r.method() != HandlerType.GET).toList();
    }

    @Test
    void everyMutatingRouteNeedsTheOperatorRoleAndChangesNothingWithout() {
        assertThat(mutating()).extracting(Route::access).containsOnly(Access.OPERATOR);
        assertThat(mutating()).extracting(Route::path).contains("/api/streams/{stream}", "/api/streams/{stream}/truncate",
                "/api/workers/{worker}/pause", "/api/workers/{worker}/resume", "/api/workers/{worker}/reset",
                "/api/workers/{worker}/rebuild", "/api/workers/{worker}/rebuild/cancel",
                "/api/workers/{worker}/parked/{position}/retry", "/api/workers/{worker}/parked/{position}/skip",
                "/api/workers/{worker}/effects/{key}/approve", "/api/workers/{worker}/effects/{key}/cancel");
        List<RecordedEvent> before = store.readAll(Position.START, LogFilter.all(), 100);
        String body = "{\"expectedRevision\":\"any\",\"before\":1,\"events\":[{\"type\":\"X\",\"data\":{}}]}";
        for (Route route : mutating()) {
            String path = concrete(route);
            Answer anonymous = Api.anonymous(server).send(route.method().name(), path, body);
            assertThat(anonymous.status()).as("%s %s without credentials", route.method(), path).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).contains("Bearer", "Basic");
            assertThat(anonymous.json().get("type").asText()).isEqualTo("urn:vellum:problem:unauthorized");
            Answer viewer = Api.viewer(server).send(route.method().name(), path, body);
            assertThat(viewer.status()).as("%s %s as a viewer", route.method(), path).isEqualTo(403);
            assertThat(viewer.json().get("type").asText()).isEqualTo("urn:vellum:problem:forbidden");
            Answer wrong = Api.as(server, "not-the-token-at-all").send(route.method().name(), path, body);
            assertThat(wrong.status()).as("%s %s with a wrong token", route.method(), path).isEqualTo(401);
        }
        assertThat(store.readAll(Position.START, LogFilter.all(), 100)).isEqualTo(before);
        assertThat(store.readStream(dev.vellum.store.StreamId.of("order-1"))).hasSize(2);
    }

    @Test
    void everyReadNeedsAViewerAndOnlyHealthMetricsAndTheDescriptionAreOpen() {
        for (Route route : server.routes()) {
            if (route.method() != HandlerType.GET) {
                continue;
            }
            int status = Api.anonymous(server).get(concrete(route)).status();
            if (List.of("/health", "/metrics", "/openapi.json").contains(route.path())) {
                assertThat(route.access()).isEqualTo(Access.PUBLIC);
                assertThat(status).as(route.path()).isEqualTo(200);
            } else {
                assertThat(route.access()).as(route.path()).isEqualTo(Access.VIEWER);
                assertThat(status).as("%s without credentials", route.path()).isEqualTo(401);
            }
        }
        assertThat(Api.viewer(server).get("/api/streams/order-1").status()).isEqualTo(200);
        assertThat(Api.viewer(server).get("/api/log").status()).isEqualTo(200);
    }

    @Test
    void aHeadIsAGetWithoutItsBodyUnderTheSameAccess() {
        Answer health = head(Api.anonymous(server), "/health");
        assertThat(health.status()).as("HEAD /health is open, as GET is").isEqualTo(200);
        assertThat(health.contentType()).startsWith("application/json");
        assertThat(health.response().body()).isEmpty();
        assertThat(head(Api.anonymous(server), "/openapi.json").status()).isEqualTo(200);
        assertThat(head(Api.anonymous(server), "/api/store").status()).isEqualTo(401);
        Answer store = head(Api.viewer(server), "/api/streams/order-1");
        assertThat(store.status()).as("a viewer reads, with HEAD too").isEqualTo(200);
        assertThat(store.contentType()).startsWith("application/json");
        assertThat(store.response().body()).isEmpty();
        assertThat(head(Api.viewer(server), "/api/streams/order-404").status()).isEqualTo(404);
        assertThat(head(Api.anonymous(server), "/console/").status()).isEqualTo(200);
    }

    private static Answer head(Api api, String path) {
        return api.send(api.request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void httpBasicOverTheUserListWorksAndAWrongSecretDoesNot() {
        String good = "Basic " + Base64.getEncoder().encodeToString(("olga:" + Api.OPERATOR_TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(Api.withAuthorization(server, good).post("/api/streams/order-2",
                StoreApiTests.append("\"no-stream\"", "A")).status()).isEqualTo(200);
        String wrongUser = "Basic " + Base64.getEncoder().encodeToString(("victor:" + Api.OPERATOR_TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(Api.withAuthorization(server, wrongUser).get("/api/store").status()).isEqualTo(401);
        assertThat(Api.withAuthorization(server, "Basic !!!").get("/api/store").status()).isEqualTo(401);
        assertThat(Api.withAuthorization(server, "Digest abc").get("/api/store").status()).isEqualTo(401);
    }

    @Test
    void anotherAddressThanLoopbackIsRefusedWithoutUsers() {
        assertThatThrownBy(() -> VellumServer.builder(store).bind("0.0.0.0", 0).start())
                .isInstanceOf(ServerConfigurationException.class).hasMessageContaining("without authentication");
        try (VellumServer open = VellumServer.builder(store).bind("0.0.0.0", 0).users(Api.users()).start()) {
            assertThat(open.loginUrl()).isEmpty();
            assertThat(Api.anonymous(open).get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void withoutUsersAnOperatorTokenIsMadeAndItsLoginUrlSetsACookie() throws Exception {
        URI first;
        try (VellumServer local = VellumServer.builder(store).bind("127.0.0.1", 0).start()) {
            URI login = local.loginUrl().orElseThrow();
            first = login;
            assertThat(login.getQuery()).startsWith("token=");
            String token = login.getQuery().substring("token=".length());
            assertThat(token.length()).isGreaterThanOrEqualTo(40);
            assertThat(Api.anonymous(local).get("/api/store").status()).isEqualTo(401);

            HttpResponse<String> opened = Api.anonymous(local).client().send(HttpRequest.newBuilder(login).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(opened.statusCode()).isEqualTo(200);
            String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith("vellum_token=" + token).containsIgnoringCase("HttpOnly")
                    .containsIgnoringCase("SameSite=Strict");
            HttpResponse<String> withCookie = Api.anonymous(local).client().send(HttpRequest.newBuilder(
                    local.url().resolve("/api/store")).header("Cookie", "vellum_token=" + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(withCookie.statusCode()).isEqualTo(200);
            assertThat(Api.as(local, token).post("/api/streams/order-3", StoreApiTests.append("\"no-stream\"", "A"))
                    .status()).isEqualTo(200);
            assertThat(Api.anonymous(local).get("/?token=guessed-token").status()).isEqualTo(401);
        }
        try (VellumServer other = VellumServer.builder(store).bind("127.0.0.1", 0).start()) {
            assertThat(other.loginUrl().orElseThrow().getQuery()).as("a new token each start")
                    .isNotEqualTo(first.getQuery());
        }
    }

    @Test
    void aUsersFileHoldsHashesAndShortSecretsAreRefused() throws Exception {
        String hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("a-long-random-secret-1".getBytes(StandardCharsets.UTF_8)));
        Path file = Files.writeString(directory.resolve("users"), "# who may come in\n\nada operator sha256:" + hash
                + "\nbob viewer sha256:" + "0".repeat(64) + "\n");
        try (VellumServer withFile = VellumServer.builder(store).bind("127.0.0.1", 0).users(Users.load(file)).start()) {
            assertThat(Api.as(withFile, "a-long-random-secret-1").post("/api/streams/order-4",
                    StoreApiTests.append("\"no-stream\"", "A")).status()).isEqualTo(200);
        }
        assertThatThrownBy(() -> Users.none().with("eve", Role.OPERATOR, "short"))
                .isInstanceOf(ServerConfigurationException.class).hasMessageContaining("at least 16");
        Files.writeString(file, "ada admin sha256:" + hash + "\n");
        assertThatThrownBy(() -> Users.load(file)).isInstanceOf(ServerConfigurationException.class)
                .hasMessageContaining("Line 1").hasMessageContaining("viewer or operator");
        assertThatThrownBy(() -> Users.load(directory.resolve("no-such-file")))
                .isInstanceOf(ServerConfigurationException.class).hasMessageContaining("Cannot read the users file");
        Files.writeString(file, "ada operator " + hash + "\n");
        assertThatThrownBy(() -> Users.load(file)).isInstanceOf(ServerConfigurationException.class)
                .hasMessageContaining("NAME ROLE sha256:HEX");
    }
}
