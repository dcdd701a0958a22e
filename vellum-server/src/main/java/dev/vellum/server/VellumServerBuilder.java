package dev.vellum.server;

import dev.vellum.server.alerts.Alerts;
import dev.vellum.server.internal.Limits;
import dev.vellum.store.EventStore;
import dev.vellum.worker.WorkerRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Configures a {@link VellumServer}; every setting has a safe default. */
public final class VellumServerBuilder {

    /** The default request body limit: 16 MiB, room for many events of the store's 1 MiB limit. */
    public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;

    /** The page size when a request names none. */
    public static final int DEFAULT_PAGE = 100;

    /** The largest page a request may ask for. */
    public static final int MAX_PAGE = 1_000;

    private final EventStore store;
    private String address = "127.0.0.1";
    private int port = 8080;
    private Users users = Users.none();
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private PrometheusMeterRegistry registry;
    private final Map<String, CommandEndpoint<?, ?, ?>> commands = new LinkedHashMap<>();
    private final Map<String, CheckpointWaiter> projections = new LinkedHashMap<>();
    private WorkerRegistry workers;
    private Alerts alerts;

    VellumServerBuilder(EventStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Where to listen (default {@code 127.0.0.1:8080}); port 0 picks a free one. An address other
     * than loopback needs {@link #users(Users) users}.
     */
    public VellumServerBuilder bind(String address, int port) {
        if (port < 0 || port > 65_535) {
            throw new ServerConfigurationException("Port " + port + " is not a TCP port: use 0 to 65535.");
        }
        this.address = Objects.requireNonNull(address, "address");
        this.port = port;
        return this;
    }

    /** The users let in; with none, an operator token is made at start (loopback only). */
    public VellumServerBuilder users(Users users) {
        this.users = Objects.requireNonNull(users, "users");
        return this;
    }

    /** The largest request body read (default {@link #DEFAULT_MAX_BODY_BYTES}); larger ones answer 413. */
    public VellumServerBuilder maxBodyBytes(long maxBodyBytes) {
        if (maxBodyBytes < 1024) {
            throw new ServerConfigurationException("A body limit of " + maxBodyBytes + " bytes is too small: use 1024 or more.");
        }
        this.maxBodyBytes = maxBodyBytes;
        return this;
    }

    /** The registry {@code /metrics} scrapes and the server's meters go to (default: a new one). */
    public VellumServerBuilder meterRegistry(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /** Takes commands for one more aggregate at {@code POST /api/commands/{aggregate}/{stream}}. */
    public VellumServerBuilder commands(CommandEndpoint<?, ?, ?> endpoint) {
        if (commands.putIfAbsent(endpoint.aggregate(), endpoint) != null) {
            throw new ServerConfigurationException("The aggregate '" + endpoint.aggregate()
                    + "' takes commands twice: give each endpoint its own name.");
        }
        return this;
    }

    /**
     * A read model a command request may wait for by {@code name} (in its {@code waitFor}), until
     * it reaches the command's position; for a running projection, pass {@code running::awaitCheckpoint}.
     */
    public VellumServerBuilder projection(String name, CheckpointWaiter waiter) {
        Objects.requireNonNull(waiter, "waiter");
        if (name == null || name.isBlank() || projections.putIfAbsent(name, waiter) != null) {
            throw new ServerConfigurationException("The read model name '" + name
                    + "' is blank or given twice: give each one its own name.");
        }
        return this;
    }

    /**
     * The workers {@code /api/workers} shows and controls, {@code /metrics} measures and {@code /health}
     * checks (default: none). The server does not close it.
     */
    public VellumServerBuilder workers(WorkerRegistry registry) {
        this.workers = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * The alerts whose open and recently resolved incidents {@code GET /api/alerts} shows (default:
     * none, and it shows none). The server does not close them.
     */
    public VellumServerBuilder alerts(Alerts running) {
        this.alerts = Objects.requireNonNull(running, "alerts");
        return this;
    }

    /**
     * Starts serving; returns once it listens.
     *
     * @throws ServerConfigurationException when the address is not loopback and no users are
     *     configured, or it cannot be resolved, or the port is in use
     */
    public VellumServer start() {
        InetAddress inet;
        try {
            inet = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new ServerConfigurationException("Cannot resolve the bind address '" + address + "': "
                    + "use an IP address such as 127.0.0.1.");
        }
        Users effective = users;
        Optional<String> token = Optional.empty();
        if (users.isEmpty()) {
            if (!inet.isLoopbackAddress()) {
                throw new ServerConfigurationException("Refusing to serve on " + address + " without "
                        + "authentication: configure users (a users file), or bind to 127.0.0.1.");
            }
            token = Optional.of(Secrets.newToken());
            effective = Users.none().with("operator", Role.OPERATOR, token.get());
        }
        PrometheusMeterRegistry meters = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpApp app = HttpApp.start(new Setup(store, effective, meters, new Limits(maxBodyBytes, DEFAULT_PAGE, MAX_PAGE),
                commands, projections, workers, alerts), inet.getHostAddress(), port);
        String host = inet instanceof Inet6Address ? "[" + inet.getHostAddress() + "]" : inet.getHostAddress();
        URI url = URI.create("http://" + host + ":" + app.port());
        return new VellumServer(app, url, token.map(t -> URI.create(url + "/?token=" + t)));
    }
}
