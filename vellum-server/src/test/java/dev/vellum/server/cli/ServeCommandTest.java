package dev.vellum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sqlite.SqliteEventStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vellum serve}: it prints its URLs when ready and serves until stopped ({@code vellum demo --serve} is tested in vellum-demo). */
class ServeCommandTest {


    @TempDir
    Path dir;

    private final ServingCli cli = new ServingCli();

    @BeforeEach
    void captureOutput() {
        cli.capture();
    }

    @AfterEach
    void restoreOutput() {
        cli.restore();
    }

    @Test
    void serveOnASqliteFilePrintsItsUrlsAndServesUntilStopped() throws Exception {
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = Thread.ofPlatform().start(() -> exit.set(VellumCli.run("serve", "--db",
                dir.resolve("events.db").toString(), "--port", "0")));
        URI login = URI.create(cli.await(ServingCli.LOGIN));
        URI url = URI.create(cli.await(ServingCli.SERVING));
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(cli.get(url.resolve("/health"), null).statusCode()).isEqualTo(200);
        assertThat(cli.get(url.resolve("/api/store"), null).statusCode()).isEqualTo(401);
        String token = login.getQuery().substring("token=".length());
        assertThat(cli.get(url.resolve("/api/store"), token).body()).contains("\"head\":0");
        serving.interrupt();
        serving.join(10_000);
        assertThat(exit.get()).isZero();
    }

    @Test
    void serveRefusesAnotherAddressWithoutUsers() {
        assertThat(refused(2, "serve", "--db", dir.resolve("e.db").toString(), "--bind", "0.0.0.0", "--port", "0"))
                .contains("without authentication");
    }

    @Test
    void serveOnAPortInUseSaysSoAndExits2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String errors = refused(2, "serve", "--db", dir.resolve("e.db").toString(),
                    "--port", String.valueOf(taken.getLocalPort()));
            assertThat(errors).contains("Port " + taken.getLocalPort()).contains("in use").doesNotContain("\tat ");
        }
    }

    @Test
    void serveOnADatabaseAnotherStoreHoldsSaysSoAndExits2() {
        Path file = dir.resolve("held.db");
        try (SqliteEventStore held = SqliteEventStore.open(file)) {
            String errors = refused(2, "serve", "--db", file.toString(), "--port", "0");
            assertThat(errors).contains("already open").doesNotContain("\tat ");
        }
    }

    /** Runs the command line, expecting {@code status}; what it printed on standard error. */
    private static String refused(int status, String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            assertThat(VellumCli.run(args)).isEqualTo(status);
        } finally {
            System.setErr(err);
        }
        return errors.toString(StandardCharsets.UTF_8);
    }


}
