package dev.vellum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vellum serve}: it prints its URLs when ready and serves until stopped ({@code vellum demo --serve} is tested in vellum-demo). */
class ServeCommandTest {

    private static final Pattern SERVING = Pattern.compile("Vellum is serving on (http://\\S+)");
    private static final Pattern LOGIN = Pattern.compile("Log in as operator: (http://\\S+)");

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureOutput() {
        original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(original);
    }

    @Test
    void serveOnASqliteFilePrintsItsUrlsAndServesUntilStopped() throws Exception {
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = Thread.ofPlatform().start(() -> exit.set(VellumCli.run("serve", "--db",
                dir.resolve("events.db").toString(), "--port", "0")));
        URI login = URI.create(await(LOGIN));
        URI url = URI.create(await(SERVING));
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(get(url.resolve("/health"), null).statusCode()).isEqualTo(200);
        assertThat(get(url.resolve("/api/store"), null).statusCode()).isEqualTo(401);
        String token = login.getQuery().substring("token=".length());
        assertThat(get(url.resolve("/api/store"), token).body()).contains("\"head\":0");
        serving.interrupt();
        serving.join(10_000);
        assertThat(exit.get()).isZero();
    }

    @Test
    void serveRefusesAnotherAddressWithoutUsers() {
        PrintStream err = System.err;
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            assertThat(VellumCli.run("serve", "--db", dir.resolve("e.db").toString(), "--bind", "0.0.0.0", "--port", "0"))
                    .isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("without authentication");
    }

    private String await(Pattern line) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = line.matcher(out.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never printed " + line + ": " + out.toString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(URI uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
