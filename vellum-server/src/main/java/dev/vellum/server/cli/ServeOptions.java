package dev.vellum.server.cli;

import dev.vellum.server.ServerConfigurationException;
import dev.vellum.server.Users;
import dev.vellum.server.VellumServer;
import dev.vellum.server.VellumServerBuilder;
import dev.vellum.store.EventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The options {@code vellum serve} and {@code vellum demo --serve} share, and serving until the
 * process is stopped: it prints the URL it listens on once ready (and the login URL when it made a
 * token), then serves until interrupted or shut down. Public so that a command of another module
 * ({@code vellum demo}) can mix them in.
 */
public final class ServeOptions {

    /** How long a shutdown waits for the store to close after the server stopped. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    @Option(names = "--port", defaultValue = "8080", description = "The TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}); another than loopback needs --users.")
    String bind;

    @Option(names = "--users", description = "A users file: one 'NAME ROLE sha256:HEX' a line (roles: viewer, operator).")
    Path users;

    private final CountDownLatch closed = new CountDownLatch(1);

    /** Says that the command closed what it served, so a shutdown may end; call it in a {@code finally}. */
    public void closed() {
        closed.countDown();
    }

    /** Serves {@code store} until the thread is interrupted or the JVM shuts down; returns 0. */
    public int serve(EventStore store) {
        return serve(store, UnaryOperator.identity());
    }

    /** Serves {@code store}, its server configured further by {@code configure}; returns 0 once stopped. */
    public int serve(EventStore store, UnaryOperator<VellumServerBuilder> configure) {
        VellumServer server;
        try {
            Users list = users == null ? Users.none() : Users.load(users);
            server = configure.apply(VellumServer.builder(store).bind(bind, port).users(list)).start();
        } catch (ServerConfigurationException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
            try {
                // the JVM halts once the hooks end: let the command close its store first
                closed.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vellum-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("Vellum is serving on " + server.url());
        server.loginUrl().ifPresent(login -> System.out.println("Log in as operator: " + login));
        System.out.println("Web console: " + server.url() + "/console/" + (server.loginUrl().isPresent()
                ? " (open the login URL above in a browser: it lands there)" : ""));
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // asked to stop (the flag is cleared, so closing can wait for the connections to close)
            Runtime.getRuntime().removeShutdownHook(hook);
            server.close();
        }
        return 0;
    }
}
