package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.EventStore;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live feed of the log as Server-Sent Events: history, live appends, filters, resuming from
 * Last-Event-ID; each store's test says how to open the store.
 */
@Timeout(60)
abstract class LiveFeedTests {

    @TempDir
    Path directory;

    private EventStore store;
    private VellumServer server;
    private Api operator;

    /** One SSE message. */
    record Message(String id, String event, String data) {
    }

    abstract EventStore openStore(Path directory);

    @BeforeEach
    void start() {
        store = openStore(directory);
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).start();
        operator = Api.operator(server);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    /** Opens the feed as a viewer; {@code lastEventId} may be null. */
    private BufferedReader open(String query, String lastEventId) throws Exception {
        HttpRequest.Builder request = Api.viewer(server).request("/api/log/live" + query)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = Api.viewer(server).client().send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** Reads the next {@code count} messages, skipping comments. */
    private static List<Message> read(BufferedReader reader, int count) throws Exception {
        List<Message> messages = new ArrayList<>();
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        while (messages.size() < count) {
            String line = reader.readLine();
            assertThat(line).as("the feed ended early").isNotNull();
            if (line.isEmpty()) {
                if (event != null) {
                    messages.add(new Message(id, event, data.toString()));
                }
                id = null;
                event = null;
                data.setLength(0);
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            }
        }
        return messages;
    }

    @Test
    void theFeedSendsTheHistoryAfterAPositionThenLiveAppendsEachWithItsPositionAsId() throws Exception {
        operator.post("/api/streams/order-1", StoreApiTests.append("\"no-stream\"", "A", "B"));
        try (BufferedReader feed = open("?after=1", null)) {
            List<Message> history = read(feed, 1);
            assertThat(history.getFirst().id()).isEqualTo("2");
            assertThat(history.getFirst().event()).isEqualTo("event");
            assertThat(history.getFirst().data()).contains("\"type\":\"B\"", "\"position\":2");
            operator.post("/api/streams/order-2", StoreApiTests.append("\"no-stream\"", "C"));
            List<Message> live = read(feed, 1);
            assertThat(live.getFirst().id()).isEqualTo("3");
            assertThat(live.getFirst().data()).contains("\"type\":\"C\"", "\"stream\":\"order-2\"");
        }
    }

    @Test
    void aReconnectWithLastEventIdResumesAfterIt() throws Exception {
        operator.post("/api/streams/order-1", StoreApiTests.append("\"no-stream\"", "A", "B", "C", "D"));
        try (BufferedReader feed = open("?after=0", "2")) {
            assertThat(read(feed, 2)).extracting(Message::id).containsExactly("3", "4");
        }
    }

    @Test
    void withoutAStartTheFeedBeginsAtTheHeadAndFiltersApply() throws Exception {
        operator.post("/api/streams/order-1", StoreApiTests.append("\"no-stream\"", "Old"));
        try (BufferedReader feed = open("?category=invoice&type=InvoiceSent", null)) {
            operator.post("/api/streams/order-2", StoreApiTests.append("\"no-stream\"", "InvoiceSent"));
            operator.post("/api/streams/invoice-1", StoreApiTests.append("\"no-stream\"", "InvoiceDrafted", "InvoiceSent"));
            List<Message> messages = read(feed, 1);
            assertThat(messages.getFirst().id()).isEqualTo("4");
            assertThat(messages.getFirst().data()).contains("\"stream\":\"invoice-1\"", "\"type\":\"InvoiceSent\"");
        }
    }

    @Test
    void aMalformedLastEventIdIsAProblemNotAStream() throws Exception {
        HttpResponse<String> answer = Api.viewer(server).client().send(Api.viewer(server).request("/api/log/live")
                .header("Last-Event-ID", "yesterday").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(answer.body()).contains("urn:vellum:problem:malformed-request", "Last-Event-ID");
        assertThat(Api.viewer(server).get("/api/log/live?after=-1").status()).isEqualTo(422);
    }

    @Test
    void aClientThatDoesNotAcceptAnEventStreamIsToldWhatToSend() throws Exception {
        HttpResponse<String> answer = Api.viewer(server).client().send(Api.viewer(server).request("/api/log/live")
                .header("Accept", "*/*").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(406);
        assertThat(answer.body()).contains("urn:vellum:problem:not-acceptable", "Accept: text/event-stream");
    }

    @Test
    void theFeedNeedsAViewer() {
        assertThat(Api.anonymous(server).get("/api/log/live").status()).isEqualTo(401);
    }
}
