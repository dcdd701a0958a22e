package dev.vellum.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command line that serves, run in the test's JVM: what it prints to standard output (captured
 * from {@link #capture} to {@link #restore}), the URLs it prints when ready, and GETs on what it
 * serves. Shared by the tests of {@code vellum serve} and {@code vellum demo --serve}.
 */
public final class ServingCli {

    /** The line printed when the server is ready, with its URL. */
    public static final Pattern SERVING = Pattern.compile("Vellum is serving on (http://\\S+)");
    /** The line with the login URL that carries the generated operator token. */
    public static final Pattern LOGIN = Pattern.compile("Log in as operator: (http://\\S+)");

    private final HttpClient client = HttpClient.newHttpClient();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream original;

    /** Sends standard output here until {@link #restore}. */
    public void capture() {
        original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    /** Gives standard output back. */
    public void restore() {
        System.setOut(original);
    }

    /** All printed so far. */
    public String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The first group of {@code line} once it is printed, within 60 s. */
    public String await(Pattern line) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = line.matcher(printed());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never printed " + line + ": " + printed());
    }

    /** A GET of {@code uri}, with the bearer {@code token} unless it is null. */
    public HttpResponse<String> get(URI uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The client the GETs use, for other requests. */
    public HttpClient client() {
        return client;
    }
}
