package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.retry.Retries;
import dev.vellum.server.cli.VellumCli;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import dev.vellum.worker.WorkerRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vellum streams}, {@code read}, {@code tail} and {@code workers} against a real server: readable and {@code --json}. */
class EverydayCommandsTest {

    @TempDir
    Path directory;

    private EventStore store;
    private WorkerRegistry workers;
    private ProjectionRunner runner;
    private VellumServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void start() throws InterruptedException {
        store = SqliteEventStore.open(directory.resolve("vellum.db"));
        workers = WorkerRegistry.open(store, "node-1");
        runner = ProjectionRunner.builder(store).registry(workers).build();
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).workers(workers).start();
        Api operator = Api.operator(server);
        operator.post("/api/streams/order-1", "{\"events\":[{\"type\":\"OrderPlaced\",\"data\":{\"amount\":1.10}},"
                + "{\"type\":\"OrderConfirmed\",\"data\":{\"note\":\"\\u001b[31mred\\u001b[0m\"}}]}");
        operator.post("/api/streams/invoice-1", StoreApiTests.append("\"no-stream\"", "InvoiceSent"));
        RunningProjection confirmed = runner.start(Projection.builder("confirmed")
                .retries(Retries.none()).errorPolicy(ErrorPolicy.PARK).handles("OrderConfirmed")
                .handler((context, event) -> {
                    throw new IllegalStateException("bad note " + event.data());
                }).build(), new InMemoryCheckpointStore());
        confirmed.awaitCheckpoint(store.head(), Duration.ofSeconds(30));
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        server.close();
        runner.close();
        workers.close();
        store.close();
    }

    private int vellum(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = server.url().toString();
        all[args.length + 2] = "--token";
        all[args.length + 3] = Api.VIEWER_TOKEN;
        return VellumCli.run(all);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void streamsListsNamesEventsAndStatus() {
        assertThat(vellum("streams", "--prefix", "order-")).isZero();
        assertThat(printed()).contains("STREAM").containsPattern("order-1\\s+2\\s+1\\s+active")
                .doesNotContain("invoice-1");
        out.reset();
        assertThat(vellum("streams", "--json")).isZero();
        assertThat(printed()).startsWith("{").contains("\"streams\":[", "\"name\":\"invoice-1\"");
    }

    @Test
    void readPrintsOneLineAnEventAndNeverATerminalEscape() {
        assertThat(vellum("read", "order-1")).isZero();
        assertThat(printed()).contains("r0  #1", "OrderPlaced  {\"amount\":1.10}", "r1  #2", "OrderConfirmed")
                .doesNotContain("\u001b");
        out.reset();
        assertThat(vellum("read", "order-1", "--backwards", "--limit", "1", "--json")).isZero();
        assertThat(printed()).contains("\"type\":\"OrderConfirmed\"", "\"next\":0");
    }

    @Test
    void tailFollowsTheLogWithFilters() {
        assertThat(vellum("tail", "--after", "0", "--count", "2")).isZero();
        assertThat(printed()).contains("order-1@0  #1", "order-1@1  #2").doesNotContain("invoice-1");
        out.reset();
        assertThat(vellum("tail", "--after", "0", "--category", "invoice", "--count", "1", "--json")).isZero();
        assertThat(printed()).contains("\"stream\":\"invoice-1\"", "\"type\":\"InvoiceSent\"");
    }

    @Test
    void workersPrintsTheStatusTableAndNeverATerminalEscape() {
        assertThat(vellum("workers")).isZero();
        assertThat(printed()).contains("WORKER", "KIND", "STATE", "PARKED")
                .containsPattern("projection\\.confirmed\\.v1\\s+PROJECTION\\s+LIVE\\s+3\\s+0\\s+0\\.0\\s+1\\s+0\\s+0")
                .contains("java.lang.IllegalStateException: bad note").doesNotContain("\u001b");
        out.reset();
        assertThat(vellum("workers", "--json")).isZero();
        assertThat(printed()).startsWith("{").contains("\"name\":\"projection.confirmed.v1\"", "\"parkedEvents\":1");
    }

    @Test
    void aServerThatIsNotThereIsSaidInWordsWithExitStatusOne() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        assertThat(VellumCli.run("workers", "--url", "http://127.0.0.1:" + port, "--token", Api.VIEWER_TOKEN)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Cannot reach the server at http://127.0.0.1:" + port + " (connection refused)")
                .doesNotContain("(null)");
    }

    @Test
    void anAnswerThatIsNotAVellumServersIsSaidInWordsWithExitStatusOne() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", exchange -> {
            byte[] page = "<html><body>Not here</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(404, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        other.start();
        try {
            String url = "http://127.0.0.1:" + other.getAddress().getPort();
            assertThat(VellumCli.run("streams", "--url", url)).isEqualTo(1);
            assertThat(VellumCli.run("tail", "--url", url)).isEqualTo(1);
        } finally {
            other.stop(0);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("is not a Vellum server's (404, text/html): check --url")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aFeedThatBreaksOffIsSaidInWordsWithExitStatusOne() throws Exception {
        try (ServerSocket broken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = Thread.ofPlatform().start(() -> {
                try (Socket client = broken.accept()) {
                    client.getInputStream().read(new byte[8192]);
                    client.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n20\r\n: following").getBytes(StandardCharsets.UTF_8));
                    client.getOutputStream().flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(VellumCli.run("tail", "--url", "http://127.0.0.1:" + broken.getLocalPort())).isEqualTo(1);
            answer.join(10_000);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("The live feed from http://127.0.0.1:")
                .contains("broke off").contains("--after").doesNotContain("\tat ");
    }

    @Test
    void aRefusalIsPrintedWithExitStatusOne() {
        assertThat(vellum("read", "order-404")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("404 Stream not found", "order-404");
        assertThat(VellumCli.run("streams", "--url", server.url().toString(), "--token", "wrong-token-wrong")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("401");
    }
}
