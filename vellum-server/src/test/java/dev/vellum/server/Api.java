package dev.vellum.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vellum.serde.VellumJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A test client of a running server: requests with or without credentials, answers as JSON. */
final class Api {

    static final String OPERATOR_TOKEN = "operator-token-0123456789";
    static final String VIEWER_TOKEN = "viewer-token-0123456789ab";

    /** The users the tests' servers let in. */
    static Users users() {
        return Users.none().with("olga", Role.OPERATOR, OPERATOR_TOKEN).with("victor", Role.VIEWER, VIEWER_TOKEN);
    }

    /** An answer: its status, headers and body. */
    record Answer(int status, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return VellumJson.newObjectMapper().readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + response.body(), e);
            }
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String authorization;

    private Api(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    static Api as(VellumServer server, String token) {
        return new Api(server.url(), token == null ? null : "Bearer " + token);
    }

    static Api operator(VellumServer server) {
        return as(server, OPERATOR_TOKEN);
    }

    static Api viewer(VellumServer server) {
        return as(server, VIEWER_TOKEN);
    }

    static Api anonymous(VellumServer server) {
        return as(server, null);
    }

    static Api withAuthorization(VellumServer server, String header) {
        return new Api(server.url(), header);
    }

    /** A stream name as one path segment. */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer postAs(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer delete(String path) {
        return send(request(path).DELETE());
    }

    Answer send(String method, String path, String json) {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json);
        HttpRequest.Builder builder = request(path).method(method, body);
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        return send(builder);
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    HttpClient client() {
        return client;
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
