package dev.vellum.server;

import dev.vellum.server.internal.Routes;
import java.util.List;
import dev.vellum.store.EventStore;
import java.net.URI;
import java.util.Optional;

/**
 * Vellum's HTTP API over an event store, embeddable in an application in a few lines:
 *
 * <pre>{@code
 * try (VellumServer server = VellumServer.builder(store).bind("127.0.0.1", 8080).start()) {
 *     System.out.println("Open " + server.loginUrl().orElse(server.url()));
 *     ...
 * }
 * }</pre>
 *
 * <p>Secure by default: it binds to loopback; it refuses to start on another address unless
 * {@link VellumServerBuilder#users(Users) users} are configured; with none it makes a random
 * operator token at start and offers a {@link #loginUrl() login URL} that carries it. Readers need
 * the viewer role, every change the operator role; {@code /health} and {@code /metrics} are open.
 * See the module README for the resources, the errors and the metrics.
 */
public final class VellumServer implements AutoCloseable {

    private final HttpApp app;
    private final URI url;
    private final Optional<URI> loginUrl;

    VellumServer(HttpApp app, URI url, Optional<URI> loginUrl) {
        this.app = app;
        this.url = url;
        this.loginUrl = loginUrl;
    }

    /** Starts configuring a server over {@code store}; the store stays the caller's to close. */
    public static VellumServerBuilder builder(EventStore store) {
        return new VellumServerBuilder(store);
    }

    /** Where the server listens, e.g. {@code http://127.0.0.1:8080}. */
    public URI url() {
        return url;
    }

    /** The port it listens on (the one picked when it was asked for port 0). */
    public int port() {
        return url.getPort();
    }

    /**
     * The URL that logs a browser in with the operator token made at start, when no users were
     * configured; empty otherwise. Treat it as a password.
     */
    public Optional<URI> loginUrl() {
        return loginUrl;
    }

    /** Every route, with who may call it (for the tests of access and of the API description). */
    List<Routes.Route> routes() {
        return app.routes();
    }

    /** Stops serving: open connections are closed, live feeds end. */
    @Override
    public void close() {
        app.stop();
    }
}
