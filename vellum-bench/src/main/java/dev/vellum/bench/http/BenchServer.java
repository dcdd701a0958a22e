package dev.vellum.bench.http;

import dev.vellum.server.Role;
import dev.vellum.server.Users;
import dev.vellum.server.VellumServer;
import dev.vellum.store.EventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.UUID;

/**
 * A {@link VellumServer} on loopback over a bench store, with one operator whose random token
 * the bench clients send, and the clients' shape: HTTP/1.1 keep-alive, one connection per client.
 */
final class BenchServer implements AutoCloseable {

    private final VellumServer server;
    private final String token = UUID.randomUUID().toString();

    BenchServer(EventStore store) {
        this.server = VellumServer.builder(store).bind("127.0.0.1", 0)
                .users(Users.none().with("bench", Role.OPERATOR, token)).start();
    }

    /** A new client on a new keep-alive connection, with the operator's token. */
    KeepAliveClient connect() throws IOException {
        return new KeepAliveClient(server.url(), "Bearer " + token);
    }

    /** A new {@code java.net.http} client for the live feed: HTTP/1.1, no h2c upgrade round. */
    static HttpClient feedClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A request to {@code pathAndQuery} carrying the operator's token. */
    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery))
                .header("Authorization", "Bearer " + token);
    }

    /** Closes {@code clients}, then {@code server}, then {@code store}, whatever fails. */
    static void closeAll(List<KeepAliveClient> clients, BenchServer server, EventStore store) {
        try {
            for (KeepAliveClient client : clients) {
                client.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                server.close();
            } finally {
                store.close();
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
