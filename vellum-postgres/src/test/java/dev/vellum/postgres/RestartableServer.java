package dev.vellum.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of one test's own that it can stop and start again on the same data directory
 * and port, so the clients' URLs stay valid. It is stopped the way {@code pg_ctl -m fast} and
 * {@code -m immediate} stop a server, by signalling the postmaster (SIGINT, SIGQUIT), which is all
 * {@code pg_ctl} does, without its refusal to run as root (the build machines are). It is started again
 * as the embedded library starts it: its command line and {@code PG*} environment, under
 * {@code unshare -U}, so that PostgreSQL does not run as root.
 */
final class RestartableServer implements AutoCloseable {

    /** How the server is stopped. */
    enum Shutdown {
        /** {@code pg_ctl -m fast}: sessions ended, transactions rolled back, a clean checkpoint. */
        FAST("-INT"),
        /** {@code pg_ctl -m immediate}: every process quits at once; crash recovery at the next start. */
        IMMEDIATE("-QUIT");

        private final String signal;

        Shutdown(String signal) {
            this.signal = signal;
        }
    }

    private final EmbeddedPostgres embedded;
    private final List<String> commandLine;
    private final Map<String, String> environment;
    private final String jdbcUrl;
    private ProcessHandle postmaster;
    private Process restarted;

    private RestartableServer(EmbeddedPostgres embedded, Path dataDirectory) throws IOException {
        this.embedded = embedded;
        // postmaster.pid's first line is the postmaster's pid; its command line is in /proc
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().strip());
        this.postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
        byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
        this.commandLine = List.of(new String(cmdline, StandardCharsets.UTF_8).split("\0"));
        // the PG* variables the embedded server was started with
        byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        Map<String, String> pg = new HashMap<>();
        for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (entry.startsWith("PG") && eq > 0) {
                pg.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        this.environment = Map.copyOf(pg);
        this.jdbcUrl = embedded.getJdbcUrl("postgres", "postgres");
    }

    /**
     * Starts a fresh server. Commits are durable against a crash of the server's processes, which is
     * what an immediate shutdown is: {@code synchronous_commit} on (the embedded library turns it off),
     * so a commit is acknowledged only once its WAL is written; fsync off, since the operating system's
     * cache survives (it only matters for power loss).
     */
    static RestartableServer start() throws IOException {
        Path dataDirectory = Files.createTempDirectory("vellum-restart-pg");
        return new RestartableServer(EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                .start(), dataDirectory);
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** Stops the server as {@code mode} says and waits until its postmaster has exited. */
    void stop(Shutdown mode) throws Exception {
        Process kill = new ProcessBuilder("kill", mode.signal, Long.toString(postmaster.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + mode.signal + " " + postmaster.pid() + " failed");
        }
        postmaster.onExit().get(30, TimeUnit.SECONDS);
    }

    /** Starts the server again on its data directory and port, and waits until it takes connections. */
    void restart() throws Exception {
        List<String> line = new ArrayList<>(List.of("unshare", "-U")); // as the embedded server: not root inside
        line.addAll(commandLine);
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().putAll(environment);
        restarted = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(File.createTempFile("restarted-pg", ".log")))
                .start();
        postmaster = restarted.toHandle();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(jdbcUrl)) {
                return;
            } catch (SQLException starting) {
                if (System.nanoTime() > deadline || !restarted.isAlive()) {
                    throw new IllegalStateException("PostgreSQL did not start again", starting);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops a restarted server fast, then lets the embedded one clean its data directory up. */
    @Override
    public void close() throws Exception {
        if (restarted != null && restarted.isAlive()) {
            stop(Shutdown.FAST);
        }
        try {
            embedded.close();
        } catch (IOException alreadyStopped) {
            // the embedded server's own process was stopped by this class; its directory is still removed
        }
    }
}
