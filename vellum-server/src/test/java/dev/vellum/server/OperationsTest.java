package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vellum.server.Api.Answer;
import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Routes.Route;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, the Prometheus scrape and the API description, against a real server on SQLite. */
class OperationsTest {

    @TempDir
    Path directory;

    private EventStore store;
    private VellumServer server;

    @BeforeEach
    void start() {
        store = SqliteEventStore.open(directory.resolve("vellum.db"));
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void healthIsReadyWithTheStoresHeadAndNeedsNoCredentials() {
        Api.operator(server).post("/api/streams/order-1", StoreApiTests.append("\"no-stream\"", "A"));
        Answer health = Api.anonymous(server).get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.contentType()).startsWith("application/json");
        assertThat(health.json().get("status").asText()).isEqualTo("ready");
        assertThat(health.json().get("checks").get("store").get("head").asLong()).isEqualTo(1);
    }

    @Test
    void theScrapeCountsAppendsEventsConflictsAndRejectionsUnderVellumNames() {
        Api operator = Api.operator(server);
        operator.post("/api/streams/order-1", StoreApiTests.append("\"no-stream\"", "A", "B"));
        operator.post("/api/streams/order-2", StoreApiTests.append("\"no-stream\"", "A"));
        operator.post("/api/streams/order-1", StoreApiTests.append("\"no-stream\"", "C"));
        operator.post("/api/streams/order-1", "{\"events\":[{\"type\":\"bad type\",\"data\":{}}]}");

        Answer scrape = Api.anonymous(server).get("/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain");
        String text = scrape.response().body();
        assertThat(text).contains("vellum_append_seconds_count 2")
                .contains("vellum_append_events_total 3.0")
                .contains("vellum_append_conflicts_total 1.0")
                .contains("vellum_append_rejections_total{problem=\"invalid_event\"} 1.0")
                .contains("vellum_append_seconds_bucket{le=");
        for (String line : text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
            assertThat(line).as("every meter is Vellum's").startsWith("vellum_");
        }
    }

    @Test
    void theDescriptionNamesEveryRegisteredRouteAndNothingElse() {
        Answer description = Api.anonymous(server).get("/openapi.json");
        assertThat(description.status()).isEqualTo(200);
        JsonNode paths = description.json().get("paths");
        Set<String> described = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!operation.getKey().equals("parameters")) {
                    described.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                    boolean open = operation.getValue().has("security")
                            && operation.getValue().get("security").isEmpty();
                    Route route = server.routes().stream().filter(r -> r.path().equals(path.getKey())
                            && r.method().name().equalsIgnoreCase(operation.getKey())).findFirst().orElse(null);
                    if (route != null) {
                        assertThat(open).as("%s %s described as open", operation.getKey(), path.getKey())
                                .isEqualTo(route.access() == Access.PUBLIC);
                    }
                }
            }
        }
        Set<String> registered = new HashSet<>();
        server.routes().forEach(r -> registered.add(r.method().name() + " " + r.path()));
        assertThat(described).isEqualTo(registered);
    }

    /**
     * The refusals every route can answer are in its description: 401 for a route that needs
     * credentials, 403 for an operator's, and 400 and 422 for one with a number parameter (not a
     * number; out of range), since a client generated from the description expects them.
     */
    @Test
    void theDescriptionListsTheRefusalsEachRouteCanAnswer() {
        JsonNode description = Api.anonymous(server).get("/openapi.json").json();
        JsonNode shared = description.get("components").get("parameters");
        for (Route route : server.routes()) {
            JsonNode item = description.get("paths").get(route.path());
            JsonNode operation = item.get(route.method().name().toLowerCase(Locale.ROOT));
            Set<String> statuses = new HashSet<>();
            operation.get("responses").fieldNames().forEachRemaining(statuses::add);
            String name = route.method() + " " + route.path();
            if (route.access() != Access.PUBLIC) {
                assertThat(statuses).as("%s needs credentials", name).contains("401");
            }
            if (route.access() == Access.OPERATOR) {
                assertThat(statuses).as("%s needs the operator role", name).contains("403");
            }
            List<JsonNode> parameters = new ArrayList<>();
            item.path("parameters").forEach(parameters::add);
            operation.path("parameters").forEach(parameters::add);
            for (JsonNode parameter : parameters) {
                JsonNode resolved = parameter.has("$ref")
                        ? shared.get(parameter.get("$ref").asText().substring("#/components/parameters/".length()))
                        : parameter;
                if (resolved.path("schema").path("type").asText().equals("integer")) {
                    assertThat(statuses).as("%s takes the number %s", name, resolved.get("name").asText())
                            .contains("400", "422");
                }
            }
        }
    }
}
