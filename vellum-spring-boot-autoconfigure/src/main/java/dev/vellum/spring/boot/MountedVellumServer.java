package dev.vellum.spring.boot;

import dev.vellum.server.VellumServer;
import dev.vellum.server.VellumServerBuilder;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The Vellum server (HTTP API and web console of {@code vellum-server}) run with the context's
 * lifecycle, on a port of its own ({@code vellum.server.port}), over the application's store and worker
 * registry: started right after {@link VellumWorkers}, so the console shows the workers from its first
 * request, and stopped before them. It keeps the server's own security (users and roles, loopback
 * unless users are configured); Spring Security's filters do not reach it (decision record 38).
 */
public final class MountedVellumServer implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(MountedVellumServer.class);

    /** Its lifecycle phase: just after {@link VellumWorkers#PHASE}, so it starts after and stops before them. */
    public static final int PHASE = VellumWorkers.PHASE + 1;

    private final VellumServerBuilder builder;
    private VellumServer server;

    /** Starts the server {@code builder} describes with the context, and closes it when the context stops. */
    public MountedVellumServer(VellumServerBuilder builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        server = builder.start();
        if (server.loginUrl().isPresent()) {
            LOG.info("Vellum console on {}/console/; no users configured (vellum.server.users), so log in as operator"
                    + " with the token made at this start: {}", server.url(), server.loginUrl().get());
        } else {
            LOG.info("Vellum console on {}/console/ (users from vellum.server.users)", server.url());
        }
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:8090}; empty while it is stopped. */
    public synchronized Optional<URI> url() {
        return Optional.ofNullable(server).map(VellumServer::url);
    }

    /**
     * The URL that logs a browser in as operator with the token made at this start, when no users are
     * configured; empty otherwise, or while it is stopped. Treat it as a password.
     */
    public synchronized Optional<URI> loginUrl() {
        return Optional.ofNullable(server).flatMap(VellumServer::loginUrl);
    }
}
