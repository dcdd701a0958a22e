package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vellum.server.Api.Answer;
import dev.vellum.store.EventStore;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's resources against a real server, through {@link java.net.http.HttpClient}; each
 * store's test says how to open the store.
 */
abstract class StoreApiTests {

    @TempDir
    Path directory;

    EventStore store;
    VellumServer server;
    Api operator;
    Api viewer;

    abstract EventStore openStore(Path directory);

    @BeforeEach
    void start() {
        store = openStore(directory);
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).start();
        operator = Api.operator(server);
        viewer = Api.viewer(server);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    static String append(String expected, String... types) {
        StringBuilder events = new StringBuilder();
        for (String type : types) {
            if (!events.isEmpty()) {
                events.append(',');
            }
            events.append("{\"id\":\"").append(UUID.randomUUID()).append("\",\"type\":\"").append(type)
                    .append("\",\"data\":{\"n\":1.10}}");
        }
        return "{\"expectedRevision\":" + expected + ",\"events\":[" + events + "]}";
    }

    @Test
    void anAppendAnswersWithItsRevisionAndPositionAndTheStreamReadsBothWays() {
        Answer first = operator.post("/api/streams/order-1", append("\"no-stream\"", "OrderPlaced", "LineAdded"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("revision").asLong()).isEqualTo(1);
        assertThat(first.json().get("position").asLong()).isEqualTo(2);
        assertThat(operator.post("/api/streams/order-1", append("1", "OrderConfirmed")).json().get("revision").asLong())
                .isEqualTo(2);

        JsonNode forwards = viewer.get("/api/streams/order-1?limit=2").json();
        assertThat(types(forwards.get("events"))).containsExactly("OrderPlaced", "LineAdded");
        assertThat(forwards.get("next").asLong()).isEqualTo(2);
        JsonNode rest = viewer.get("/api/streams/order-1?from=2&limit=2").json();
        assertThat(types(rest.get("events"))).containsExactly("OrderConfirmed");
        assertThat(rest.get("next").isNull()).isTrue();

        JsonNode backwards = viewer.get("/api/streams/order-1?direction=backwards&limit=2").json();
        assertThat(types(backwards.get("events"))).containsExactly("OrderConfirmed", "LineAdded");
        assertThat(backwards.get("next").asLong()).isEqualTo(0);
        JsonNode fromOne = viewer.get("/api/streams/order-1?direction=backwards&from=0").json();
        assertThat(types(fromOne.get("events"))).containsExactly("OrderPlaced");
    }

    @Test
    void eventDataComesBackAsTheStoredJsonNeverAsHtml() {
        String data = "{\"note\":\"<script>alert(1)</script>\",\"amount\":1.10,\"big\":12345678901234567890}";
        operator.post("/api/streams/note-1", "{\"events\":[{\"type\":\"Noted\",\"data\":" + data + "}]}");
        Answer read = viewer.get("/api/streams/note-1");
        assertThat(read.contentType()).startsWith("application/json");
        assertThat(read.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(read.response().body()).contains("\"data\":" + data);
        assertThat(read.json().get("events").get(0).get("data").get("note").asText())
                .isEqualTo("<script>alert(1)</script>");
    }

    @Test
    void oneEventIsFoundByIdWithItsMetadata() {
        UUID id = UUID.randomUUID();
        operator.post("/api/streams/order-7", "{\"events\":[{\"id\":\"" + id + "\",\"type\":\"OrderPlaced\",\"data\":{},"
                + "\"metadata\":{\"correlationId\":\"c-1\",\"causationId\":\"k-1\",\"headers\":{\"who\":\"olga\"}}}]}");
        JsonNode event = viewer.get("/api/events/" + id).json();
        assertThat(event.get("stream").asText()).isEqualTo("order-7");
        assertThat(event.get("type").asText()).isEqualTo("OrderPlaced");
        assertThat(event.get("metadata").get("correlationId").asText()).isEqualTo("c-1");
        assertThat(event.get("metadata").get("causationId").asText()).isEqualTo("k-1");
        assertThat(event.get("metadata").get("headers").get("who").asText()).isEqualTo("olga");
        assertThat(event.get("recordedAt").asText()).isNotEmpty();
    }

    @Test
    void theLogReadsFromAPositionWithCategoryAndTypeFilters() {
        operator.post("/api/streams/order-1", append("\"any\"", "OrderPlaced", "OrderConfirmed"));
        operator.post("/api/streams/invoice-1", append("\"any\"", "InvoiceSent"));
        operator.post("/api/streams/order-2", append("\"any\"", "OrderPlaced"));

        JsonNode all = viewer.get("/api/log?after=1&limit=2").json();
        assertThat(types(all.get("events"))).containsExactly("OrderConfirmed", "InvoiceSent");
        assertThat(all.get("next").asLong()).isEqualTo(3);
        assertThat(all.get("head").asLong()).isEqualTo(4);
        assertThat(types(viewer.get("/api/log?category=order").json().get("events")))
                .containsExactly("OrderPlaced", "OrderConfirmed", "OrderPlaced");
        assertThat(types(viewer.get("/api/log?type=OrderPlaced&type=InvoiceSent").json().get("events")))
                .containsExactly("OrderPlaced", "InvoiceSent", "OrderPlaced");
        assertThat(types(viewer.get("/api/log?category=order&type=OrderConfirmed").json().get("events")))
                .containsExactly("OrderConfirmed");
    }

    @Test
    void aFilteredPageThatEndsShortMovesNextOnToTheHeadSoAPollerDoesNotScanTheSameLogAgain() {
        operator.post("/api/streams/order-1", append("\"any\"", "OrderPlaced", "OrderConfirmed"));
        operator.post("/api/streams/invoice-1", append("\"any\"", "InvoiceSent"));
        operator.post("/api/streams/order-2", append("\"any\"", "OrderPlaced"));

        JsonNode none = viewer.get("/api/log?category=payment").json();
        assertThat(none.get("events")).isEmpty();
        assertThat(none.get("next").asLong()).as("nothing kept up to the head: go on from the head").isEqualTo(4);
        JsonNode invoices = viewer.get("/api/log?category=invoice&limit=5").json();
        assertThat(types(invoices.get("events"))).containsExactly("InvoiceSent");
        assertThat(invoices.get("next").asLong()).isEqualTo(4);
        JsonNode full = viewer.get("/api/log?category=order&limit=2").json();
        assertThat(full.get("next").asLong()).as("a full page: from its last event").isEqualTo(2);
        operator.post("/api/streams/payment-1", append("\"any\"", "PaymentTaken"));
        assertThat(types(viewer.get("/api/log?category=payment&after=" + none.get("next").asLong()).json().get("events")))
                .as("nothing after it is missed").containsExactly("PaymentTaken");
    }

    @Test
    void categoriesAndStreamsPageAndTheStreamsHaveAPrefixSearch() {
        for (String name : List.of("order-1", "order-2", "order-3", "invoice-1")) {
            operator.post("/api/streams/" + name, append("\"no-stream\"", "Happened"));
        }
        JsonNode categories = viewer.get("/api/categories").json().get("categories");
        assertThat(categories.get(0).get("name").asText()).isEqualTo("invoice");
        assertThat(categories.get(1).get("streams").asLong()).isEqualTo(3);

        JsonNode page = viewer.get("/api/streams?prefix=order-&limit=2").json();
        assertThat(names(page.get("streams"))).containsExactly("order-1", "order-2");
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("next").asText()).isEqualTo("order-2");
        JsonNode next = viewer.get("/api/streams?prefix=order-&limit=2&after=order-2").json();
        assertThat(names(next.get("streams"))).containsExactly("order-3");
        assertThat(next.get("next").isNull()).isTrue();
        assertThat(next.get("streams").get(0).get("events").asLong()).isEqualTo(1);
        assertThat(viewer.get("/api/store").json().get("head").asLong()).isEqualTo(4);
        assertThat(viewer.get("/api/store").json().get("streams").asLong()).isEqualTo(4);
    }

    @Test
    void aPageLargerThanTheServersBuffersArrivesWholeAndGzippedWhenTheClientAsks() throws Exception {
        String[] types = new String[1_000];
        Arrays.fill(types, "LineAdded");
        assertThat(operator.post("/api/streams/big-1", append("\"no-stream\"", types)).status()).isEqualTo(200);

        Answer page = viewer.get("/api/streams/big-1?limit=1000");
        JsonNode events = page.json().get("events");
        assertThat(page.response().body().length()).isGreaterThan(200_000); // many of Jetty's 32 KiB buffers
        assertThat(events.size()).isEqualTo(1_000);
        assertThat(events.get(999).get("revision").asLong()).isEqualTo(999);
        assertThat(events.get(999).get("data").get("n").decimalValue()).isEqualByComparingTo("1.10");
        assertThat(page.json().get("next").asLong()).isEqualTo(1_000);
        JsonNode log = viewer.get("/api/log?after=0&limit=1000").json();
        assertThat(log.get("events").size()).isEqualTo(1_000);
        assertThat(log.get("next").asLong()).isEqualTo(1_000);
        assertThat(log.get("head").asLong()).isEqualTo(1_000);

        HttpResponse<byte[]> gzipped = viewer.client().send(viewer.request("/api/streams/big-1?limit=1000")
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(page.response().body());
        }
    }

    @Test
    void resendingAnAppendWithTheSameIdsStoresNothingTwice() {
        String body = append("\"no-stream\"", "OrderPlaced", "LineAdded");
        JsonNode first = operator.post("/api/streams/order-9", body).json();
        JsonNode again = operator.post("/api/streams/order-9", body).json();
        assertThat(again.get("revision")).isEqualTo(first.get("revision"));
        assertThat(again.get("position")).isEqualTo(first.get("position"));
        assertThat(viewer.get("/api/store").json().get("head").asLong()).isEqualTo(2);
    }

    @Test
    void deleteTombstoneAndTruncateChangeWhatTheStreamReads() {
        operator.post("/api/streams/a-1", append("\"no-stream\"", "A", "B", "C"));
        assertThat(operator.post("/api/streams/a-1/truncate", "{\"before\":2,\"expectedRevision\":2}").status())
                .isEqualTo(204);
        assertThat(types(viewer.get("/api/streams/a-1").json().get("events"))).containsExactly("C");

        operator.post("/api/streams/b-1", append("\"no-stream\"", "A"));
        assertThat(operator.delete("/api/streams/b-1?expectedRevision=0").status()).isEqualTo(204);
        assertThat(viewer.get("/api/streams/b-1").status()).isEqualTo(404);
        assertThat(operator.post("/api/streams/b-1", append("\"no-stream\"", "Again")).status()).isEqualTo(200);

        operator.post("/api/streams/c-1", append("\"no-stream\"", "A"));
        assertThat(operator.delete("/api/streams/c-1?mode=tombstone").status()).isEqualTo(204);
        Answer gone = viewer.get("/api/streams/c-1");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.json().get("type").asText()).isEqualTo("urn:vellum:problem:stream-deleted");
        assertThat(viewer.get("/api/streams?prefix=c-").json().get("streams").get(0).get("status").asText())
                .isEqualTo("tombstoned");
    }

    @Test
    void streamNamesWithSlashesSpacesAndAccentsTravelInOnePathSegment() {
        String name = "tenant/a b-\u00E9t\u00E9?#%";
        Answer appended = operator.post("/api/streams/" + Api.segment(name), append("\"no-stream\"", "Happened"));
        assertThat(appended.status()).as(appended.response().body()).isEqualTo(200);
        assertThat(appended.json().get("stream").asText()).isEqualTo(name);
        assertThat(viewer.get("/api/streams/" + Api.segment(name)).json().get("events").get(0).get("stream").asText())
                .isEqualTo(name);
    }

    @Test
    void aConflictAnswers409WithTheActualRevisionAndChangesNothing() {
        operator.post("/api/streams/order-5", append("\"no-stream\"", "A", "B"));
        Answer conflict = operator.post("/api/streams/order-5", append("0", "C"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        assertThat(conflict.json().get("actualRevision").asLong()).isEqualTo(1);
        assertThat(types(viewer.get("/api/streams/order-5").json().get("events"))).containsExactly("A", "B");
        assertThat(viewer.get("/api/store").json().get("head").asLong()).isEqualTo(2);
        assertThat(viewer.post("/api/streams/order-5", append("1", "C")).status()).isEqualTo(403);
    }

    static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    static List<String> names(JsonNode streams) {
        List<String> names = new ArrayList<>();
        streams.forEach(s -> names.add(s.get("name").asText()));
        return names;
    }
}
