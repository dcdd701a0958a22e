package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vellum.server.Api.Answer;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad request against a real server on SQLite: an RFC 9457 problem document with the
 * right status and type, and nothing changed (the head and the stream compared before and after).
 */
class ProblemsTest {

    @TempDir
    Path directory;

    private EventStore store;
    private VellumServer server;
    private Api operator;
    private final StreamId order = StreamId.of("order-1");

    @BeforeEach
    void start() {
        store = SqliteEventStore.open(directory.resolve("vellum.db"));
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).maxBodyBytes(64 * 1024).start();
        operator = Api.operator(server);
        assertThat(operator.post("/api/streams/order-1", StoreApiTests.append("\"no-stream\"", "A", "B")).status())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    /** Sends a bad request; checks its problem document and that nothing changed. */
    private JsonNode refused(int status, String type, String method, String path, String body) {
        Position head = store.head();
        List<RecordedEvent> before = store.readStream(order);
        Answer answer = operator.send(method, path, body);
        assertThat(answer.status()).as(answer.response().body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        JsonNode problem = answer.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:vellum:problem:" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(store.head()).as("head after %s %s", method, path).isEqualTo(head);
        assertThat(store.readStream(order)).isEqualTo(before);
        assertThat(store.readAll(Position.START, LogFilter.all(), 100)).hasSize((int) head.value());
        return problem;
    }

    @Test
    void malformedRequestsAnswer400() {
        refused(400, "malformed-request", "POST", "/api/streams/order-1", "{\"events\": [");
        refused(400, "malformed-request", "POST", "/api/streams/order-1", "{\"expectedRevision\":1}");
        refused(400, "malformed-request", "POST", "/api/streams/order-1", "{\"events\":[{\"type\":\"A\"}]}");
        refused(400, "malformed-request", "POST", "/api/streams/order-1",
                "{\"events\":[{\"id\":\"not-a-uuid\",\"type\":\"A\",\"data\":{}}]}");
        refused(400, "malformed-request", "POST", "/api/streams/order-1", "{\"expectedRevision\":true,\"events\":[]}");
        refused(400, "malformed-request", "GET", "/api/streams/order-1?limit=ten", null);
        refused(400, "malformed-request", "GET", "/api/events/42", null);
        refused(400, "malformed-request", "POST", "/api/streams/order-1/truncate", "{\"before\":\"one\"}");
    }

    /** A number parameter given without a value is refused, not read as absent: {@code ?limit=} asks for no default. */
    @Test
    void malformedJsonIsDescribedByWhereItBreaksNotByJacksonsSourceDescription() {
        String detail = refused(400, "malformed-request", "POST", "/api/streams/order-1", "{\"events\": [").get("detail")
                .asText();
        assertThat(detail).startsWith("The body is not well-formed JSON: ").contains("line 1, column 12")
                .doesNotContain("Source").doesNotContain("REDACTED").doesNotContain("StreamReadFeature");
        String command = refused(400, "malformed-request", "POST", "/api/streams/order-1",
                "{\"expectedRevision\": \"any\",\n \"events\": [{\"type\": \"A\", \"data\": }]}").get("detail").asText();
        assertThat(command).contains("line 2").doesNotContain("REDACTED");
    }

    @Test
    void anEmptyNumberParameterAnswers400() {
        JsonNode problem = refused(400, "malformed-request", "GET", "/api/streams/order-1?limit=", null);
        assertThat(problem.get("detail").asText()).contains("'limit'").contains("leave it out");
        refused(400, "malformed-request", "GET", "/api/streams/order-1?from=", null);
        refused(400, "malformed-request", "GET", "/api/log?after=", null);
        refused(400, "malformed-request", "GET", "/api/log?after=1&limit=", null);
        refused(400, "malformed-request", "GET", "/api/categories?limit=", null);
        refused(400, "malformed-request", "GET", "/api/operator-actions?offset=", null);
        assertThat(operator.get("/api/streams?prefix=&after=").status()).as("empty text parameters are still empty text")
                .isEqualTo(200);
    }

    @Test
    void unknownStreamsEventsAndPathsAnswer404() {
        refused(404, "stream-not-found", "GET", "/api/streams/order-404", null);
        refused(404, "stream-not-found", "DELETE", "/api/streams/order-404", null);
        refused(404, "event-not-found", "GET", "/api/events/7d0a8f0e-51c9-4f5e-9a37-2d2a3a1f0c11", null);
        refused(404, "not-found", "GET", "/api/nothing-here", null);
    }

    @Test
    void aMethodThatAPathDoesNotServeAnswers405NotA404() {
        JsonNode put = refused(405, "method-not-allowed", "PUT", "/api/store", null);
        assertThat(put.get("detail").asText()).contains("PUT").contains("/api/store");
        refused(405, "method-not-allowed", "DELETE", "/api/events/7d0a8f0e-51c9-4f5e-9a37-2d2a3a1f0c11", null);
        refused(405, "method-not-allowed", "PUT", "/api/streams/order-1", StoreApiTests.append("\"any\"", "A"));
        refused(405, "method-not-allowed", "POST", "/health", "{}");
        refused(404, "not-found", "PUT", "/api/nothing-here", null);
    }

    @Test
    void aWrongExpectedRevisionAnswers409WithTheActualRevision() {
        JsonNode problem = refused(409, "wrong-expected-revision", "POST", "/api/streams/order-1",
                StoreApiTests.append("5", "C"));
        assertThat(problem.get("actualRevision").asLong()).isEqualTo(1);
        assertThat(problem.get("expectedRevision").isNumber()).isTrue();
        assertThat(problem.get("expectedRevision").asLong()).isEqualTo(5);
        assertThat(problem.get("stream").asText()).isEqualTo("order-1");
        JsonNode noStream = refused(409, "wrong-expected-revision", "POST", "/api/streams/order-1",
                StoreApiTests.append("\"no-stream\"", "C"));
        assertThat(noStream.get("actualRevision").asLong()).isEqualTo(1);
        assertThat(noStream.get("expectedRevision").asText()).isEqualTo("no-stream");
        refused(409, "wrong-expected-revision", "DELETE", "/api/streams/order-1?expectedRevision=0", null);
    }

    @Test
    void reusedIdsThatAreNoRetryAnswer409() {
        String id = store.readStream(order).getFirst().id().toString();
        refused(409, "idempotency-conflict", "POST", "/api/streams/order-2",
                "{\"events\":[{\"id\":\"" + id + "\",\"type\":\"A\",\"data\":{}}]}");
    }

    @Test
    void aTombstonedStreamAnswers410() {
        operator.post("/api/streams/gone-1", StoreApiTests.append("\"no-stream\"", "A"));
        assertThat(operator.delete("/api/streams/gone-1?mode=tombstone").status()).isEqualTo(204);
        refused(410, "stream-deleted", "GET", "/api/streams/gone-1", null);
        refused(410, "stream-deleted", "POST", "/api/streams/gone-1", StoreApiTests.append("\"any\"", "A"));
    }

    @Test
    void aBodyOverTheLimitAnswers413() {
        String big = "{\"events\":[{\"type\":\"A\",\"data\":\"" + "x".repeat(70 * 1024) + "\"}]}";
        refused(413, "request-too-large", "POST", "/api/streams/order-1", big);
    }

    /**
     * A body several times the limit: the server reads the rest of it before answering, so the client,
     * still sending, hears the 413 instead of a reset connection (which one run in a few hundred saw).
     */
    @Test
    void aBodyFarOverTheLimitStillHearsIts413() {
        String big = "{\"events\":[{\"type\":\"A\",\"data\":\"" + "x".repeat(3 << 20) + "\"}]}";
        for (int i = 0; i < 20; i++) {
            refused(413, "request-too-large", "POST", "/api/streams/order-1", big);
        }
    }

    @Test
    void anEventOverTheStoresLimitAnswers413() {
        server.close();
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).start();
        operator = Api.operator(server);
        String big = "{\"events\":[{\"type\":\"A\",\"data\":\"" + "x".repeat((1 << 20) + 10) + "\"}]}";
        refused(413, "event-too-large", "POST", "/api/streams/order-1", big);
    }

    @Test
    void aBodyThatIsNotJsonAnswers415() {
        Position head = store.head();
        Answer answer = operator.postAs("/api/streams/order-1", "text/plain", StoreApiTests.append("\"any\"", "A"));
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.json().get("type").asText()).isEqualTo("urn:vellum:problem:unsupported-media-type");
        assertThat(store.head()).isEqualTo(head);
    }

    @Test
    void invalidNamesAndValuesAnswer422() {
        refused(422, "invalid-stream-name", "POST", "/api/streams/%20order-1", StoreApiTests.append("\"any\"", "A"));
        refused(422, "invalid-stream-name", "GET", "/api/streams/" + "x".repeat(201), null);
        refused(422, "invalid-expected-revision", "POST", "/api/streams/order-1", StoreApiTests.append("\"soon\"", "A"));
        refused(422, "invalid-expected-revision", "POST", "/api/streams/order-1", StoreApiTests.append("-1", "A"));
        refused(422, "invalid-expected-revision", "POST", "/api/streams/order-1",
                StoreApiTests.append("99999999999999999999", "A"));
        refused(422, "invalid-expected-revision", "POST", "/api/streams/order-1/truncate",
                "{\"before\":1,\"expectedRevision\":99999999999999999999}");
        refused(422, "invalid-expected-revision", "DELETE", "/api/streams/order-1?expectedRevision=later", null);
        refused(422, "invalid-event", "POST", "/api/streams/order-1", "{\"events\":[{\"type\":\"a b\",\"data\":{}}]}");
        refused(422, "invalid-event", "POST", "/api/streams/order-1", "{\"events\":[]}");
        refused(422, "invalid-value", "GET", "/api/streams/order-1?limit=0", null);
        refused(422, "invalid-value", "GET", "/api/log?limit=1001", null);
        refused(422, "invalid-value", "GET", "/api/streams/order-1?direction=sideways", null);
        refused(422, "invalid-value", "DELETE", "/api/streams/order-1?mode=shred", null);
        refused(422, "invalid-value", "POST", "/api/streams/order-1/truncate", "{\"before\":-2}");
        refused(422, "invalid-deletion", "POST", "/api/streams/order-1/truncate", "{\"before\":99}");
    }

    @Test
    void requestsJettyRefusesBeforeAnyRouteAreProblemsTooNotHtml() {
        Answer dotDot = operator.get("/api/streams/%2e%2e");
        assertThat(dotDot.status()).isEqualTo(400);
        assertThat(dotDot.contentType()).startsWith("application/problem+json");
        assertThat(dotDot.json().get("type").asText()).isEqualTo("urn:vellum:problem:malformed-request");
        assertThat(dotDot.response().body()).doesNotContain("<html");

        Answer hugeHeader = operator.send(operator.request("/api/store").header("X-Filler", "x".repeat(20_000)).GET());
        assertThat(hugeHeader.status()).isEqualTo(431);
        assertThat(hugeHeader.contentType()).startsWith("application/problem+json");
        assertThat(hugeHeader.json().get("status").asInt()).isEqualTo(431);
    }

    @Test
    void aClosedStoreAnswers503AndHealthSaysWhy() {
        store.close();
        Answer answer = operator.get("/api/streams/order-1");
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().get("type").asText()).isEqualTo("urn:vellum:problem:store-unavailable");
        assertThat(operator.post("/api/streams/order-1", StoreApiTests.append("\"any\"", "A")).status()).isEqualTo(503);
        Answer health = Api.anonymous(server).get("/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asText()).isEqualTo("not-ready");
        assertThat(health.json().get("checks").get("store").get("reason").asText()).contains("closed");
        Api anonymous = Api.anonymous(server);
        assertThat(anonymous.send(anonymous.request("/health").method("HEAD", HttpRequest.BodyPublishers.noBody()))
                .status()).as("a load balancer's HEAD /health").isEqualTo(503);
        store = SqliteEventStore.open(directory.resolve("vellum.db"));
        assertThat(store.readStream(order)).hasSize(2);
    }
}
