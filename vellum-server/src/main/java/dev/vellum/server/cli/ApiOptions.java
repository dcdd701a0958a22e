package dev.vellum.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vellum.serde.VellumJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * How the everyday commands reach a running server ({@code --url}, {@code --token}) and how they
 * print ({@code --json}); an answer that is a problem document becomes an {@link ApiException}.
 */
final class ApiOptions {

    static final ObjectMapper JSON = VellumJson.newObjectMapper();

    @Option(names = "--url", defaultValue = "${env:VELLUM_URL:-http://127.0.0.1:8080}",
            description = "The server (default: $VELLUM_URL, else ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--token", defaultValue = "${env:VELLUM_TOKEN}",
            description = "A viewer's or operator's token (default: $VELLUM_TOKEN); the login URL's token= works.")
    String token;

    @Option(names = "--json", description = "Print the server's JSON as it is, one document (or one event) a line.")
    boolean json;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** An answer the server refused, with its problem's detail. */
    static final class ApiException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ApiException(String message) {
            super(message);
        }
    }

    /** A path segment holding {@code text}. */
    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query parameter value holding {@code text}. */
    static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * Gets {@code path} and prints the answer: the server's JSON as it is with {@code --json}, else
     * what {@code asText} makes of it.
     */
    void show(String path, Consumer<JsonNode> asText) {
        JsonNode page = get(path);
        if (json) {
            System.out.println(page);
        } else {
            asText.accept(page);
        }
    }

    /** {@code GET path} as JSON. @throws ApiException when the server answers with a problem, or not with JSON */
    JsonNode get(String path) {
        HttpResponse<InputStream> response = send(request(path).build());
        JsonNode node = json(response);
        if (response.statusCode() >= 400) {
            throw new ApiException(problem(response.statusCode(), node));
        }
        return node;
    }

    /** Opens {@code GET path} as a stream of Server-Sent Events. */
    InputStream events(String path) {
        HttpResponse<InputStream> response = send(request(path).header("Accept", "text/event-stream").build());
        if (response.statusCode() >= 400) {
            throw new ApiException(problem(response.statusCode(), json(response)));
        }
        if (!contentType(response).startsWith("text/event-stream")) {
            close(response);
            throw notVellum(response);
        }
        return response.body();
    }

    /** The answer's JSON. @throws ApiException when it is not JSON: not an answer of a Vellum server */
    private static JsonNode json(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw notVellum(response);
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // the answer is refused anyway
        }
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("no content type");
    }

    /** What a user is told when something else than a Vellum server answers at {@code --url}. */
    private static ApiException notVellum(HttpResponse<?> response) {
        return new ApiException("The answer of " + response.uri() + " is not a Vellum server's ("
                + response.statusCode() + ", " + contentType(response) + "): check --url.");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    /** What went wrong, in words: the JDK's client gives a refused connection no message. */
    private static String why(IOException e) {
        if (e.getMessage() != null) {
            return e.getMessage();
        }
        return e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }

    private HttpResponse<InputStream> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ApiException("Cannot reach the server at " + url + " (" + why(e)
                    + "): start it with ./vellum serve, or pass --url.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("Interrupted");
        }
    }

    private static String problem(int status, JsonNode node) {
        return status + " " + node.path("title").asText("error") + ": " + node.path("detail").asText("");
    }

    /**
     * {@code text} safe to print at a terminal: control characters (escape sequences included) and
     * other invisible format characters become {@code ?}, since event data is untrusted.
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(
                Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c));
        return out.toString();
    }

    /** One line for an event: where it is, when, its type and its data. */
    static String line(JsonNode event, boolean withStream) {
        String data;
        try {
            data = JSON.writeValueAsString(event.get("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return printable((withStream ? event.path("stream").asText() + "@" : "r") + event.path("revision").asLong()
                + "  #" + event.path("position").asLong() + "  " + event.path("recordedAt").asText() + "  "
                + event.path("type").asText() + "  " + data);
    }
}
