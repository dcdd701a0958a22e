package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.server.Api.Answer;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated bad input against the public HTTP API of a real server on SQLite (issue 19): stream
 * names, expected revisions, event shapes and sizes, encodings, read positions and limits at and
 * past the edges. Every answer is a problem document with a 4xx status, and nothing changed: the
 * head, the log and the one stream are compared before and after each request.
 */
class BadInputPropertiesTest {

    private static final String ORDER = "/api/streams/order-1";
    private static final char[] INVISIBLE = {'\u0000', '\u0007', '\n', '\u007f', '\u0085', '\u200b', '\u2028',
            '\u202e', '\ufeff', '\u00a0'};

    private static Path directory;
    private static EventStore store;
    private static VellumServer server;

    @BeforeContainer
    static void start() throws IOException {
        directory = Files.createTempDirectory("vellum-bad-input");
        store = SqliteEventStore.open(directory.resolve("vellum.db"));
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).maxBodyBytes(64 * 1024).start();
        assertThat(Api.operator(server).post(ORDER, StoreApiTests.append("\"no-stream\"", "A", "B")).status()).isEqualTo(200);
    }

    @AfterContainer
    static void stop() throws IOException {
        server.close();
        store.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 150)
    void appendBodiesOfAnyWrongShapeAreRefused(@ForAll("badAppendBodies") String body) {
        refused(operator -> operator.post(ORDER, body));
    }

    @Property(tries = 150)
    void badStreamNamesAreRefused(@ForAll("badPathNames") String name) {
        refused(operator -> operator.post("/api/streams/" + Api.segment(name), StoreApiTests.append("\"any\"", "A")));
        refused(operator -> operator.get("/api/streams/" + Api.segment(name)));
    }

    @Property(tries = 150)
    void badPositionsRevisionsAndLimitsAreRefused(@ForAll("badNumbers") String value) {
        String v = Api.segment(value);
        refused(operator -> operator.get(ORDER + "?from=" + v));
        refused(operator -> operator.get(ORDER + "?limit=" + v));
        refused(operator -> operator.get("/api/log?after=" + v));
        refused(operator -> operator.get("/api/log?limit=" + v));
        refused(operator -> operator.post(ORDER + "/truncate", "{\"before\":" + quoted(value) + "}"));
    }

    /** Bodies that no store may accept: each has at least one part that is wrong. */
    @Provide
    Arbitrary<String> badAppendBodies() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> badRevision = Arbitraries.oneOf(
                Arbitraries.longs().greaterOrEqual(2).map(String::valueOf), // the stream is at revision 1: 409
                Arbitraries.longs().lessOrEqual(-2).map(String::valueOf),
                Arbitraries.of("1.5", "true", "[]", "{}", "\"sideways\"", "\"\"", "99999999999999999999", "1e3"));
        Arbitrary<String> goodEvent = Arbitraries.just("{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"A\",\"data\":{}}")
                .map(e -> e.replaceFirst("[0-9a-f-]{36}", UUID.randomUUID().toString()));
        Arbitrary<String> badEvent = Arbitraries.oneOf(
                text.map(t -> "{\"id\":" + quoted(t) + ",\"type\":\"A\",\"data\":{}}"),   // not a UUID
                badNames().map(n -> "{\"type\":" + quoted(n) + ",\"data\":{}}"),          // a bad type name
                Arbitraries.of("1", "\"x\"", "null", "[]", "{}", "{\"type\":\"A\"}", "{\"type\":7,\"data\":{}}"),
                Arbitraries.integers().between(70_000, 200_000)                            // over the body limit
                        .map(n -> "{\"type\":\"A\",\"data\":{\"s\":\"" + "x".repeat(n) + "\"}}"));
        Arbitrary<String> wrongRevision = Combinators.combine(badRevision, goodEvent)
                .as((r, e) -> "{\"expectedRevision\":" + r + ",\"events\":[" + e + "]}");
        Arbitrary<String> wrongEvent = Combinators.combine(goodEvent, badEvent, Arbitraries.integers().between(0, 1))
                .as((good, bad, first) -> "{\"expectedRevision\":\"any\",\"events\":["
                        + (first == 0 ? bad + "," + good : good + "," + bad) + "]}");
        Arbitrary<String> wrongEvents = Arbitraries.of("1", "\"x\"", "null", "{}", "[[]]")
                .map(events -> "{\"expectedRevision\":\"any\",\"events\":" + events + "}");
        Arbitrary<String> notAnAppend = text.filter(t -> !t.contains("events"));
        return Arbitraries.oneOf(wrongRevision, wrongEvent, wrongEvents, notAnAppend);
    }

    /**
     * {@link #badNames()} that survive a URL: an unpaired surrogate cannot be percent-encoded (it
     * would arrive as {@code ?}), so it is tried in JSON only.
     */
    @Provide
    Arbitrary<String> badPathNames() {
        return badNames().filter(n -> n.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    }

    /** Names with an invisible or control character somewhere, blank ones, and ones over the length limit. */
    @Provide
    Arbitrary<String> badNames() {
        Arbitrary<String> word = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> withInvisible = Combinators.combine(word, Arbitraries.of(INVISIBLE).map(String::valueOf),
                        Arbitraries.integers().between(0, 20))
                .as((w, c, at) -> w.substring(0, Math.min(at, w.length())) + c + w.substring(Math.min(at, w.length())));
        Arbitrary<String> blank = Arbitraries.of(" ", "  ", "\t", " a", "a ");
        Arbitrary<String> tooLong = Arbitraries.integers().between(StreamId.MAX_LENGTH + 1, 400)
                .map(n -> "s-" + "x".repeat(n));
        Arbitrary<String> loneSurrogate = word.map(w -> w + '\ud800');
        return Arbitraries.oneOf(withInvisible, blank, tooLong, loneSurrogate);
    }

    /**
     * Values that are no position, revision or limit: text, fractions, negative numbers, too many, and
     * nothing at all ({@code ?from=} is refused, not read as absent).
     */
    @Provide
    Arbitrary<String> badNumbers() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10),
                Arbitraries.longs().lessOrEqual(-1).map(String::valueOf),
                Arbitraries.of("", "1.5", "1e3", "0x10", "99999999999999999999", " 1"));
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /**
     * Sends a request that must be refused, on a connection of its own; checks its problem document
     * and that nothing changed. (With one client for all requests, a POST now and then met a kept-alive
     * connection the server had closed after an earlier refusal: an EOF instead of an answer.)
     */
    private static void refused(Function<Api, Answer> request) {
        Position head = store.head();
        List<RecordedEvent> before = store.readStream(StreamId.of("order-1"));
        Api operator = Api.operator(server);
        Answer answer;
        try {
            answer = request.apply(operator);
        } finally {
            operator.client().close();
        }
        assertThat(answer.status()).as(answer.response().request().uri() + " " + answer.response().body())
                .isBetween(400, 499);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(answer.status());
        assertThat(answer.json().get("type").asText()).startsWith("urn:vellum:problem:");
        assertThat(store.head()).isEqualTo(head);
        assertThat(store.readStream(StreamId.of("order-1"))).isEqualTo(before);
        assertThat(store.readAll(Position.START, LogFilter.all(), 1_000)).hasSize((int) head.value());
    }
}
