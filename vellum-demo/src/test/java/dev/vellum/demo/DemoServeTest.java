package dev.vellum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.server.cli.ServingCli;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vellum demo --serve}: it prints its URLs when ready and serves the demo's store and workers until stopped. */
class DemoServeTest {

    private static final Pattern CONSOLE = Pattern.compile("Web console: (http://\\S+)");

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
    void theDemoKeepsServingItsStore() throws Exception {
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = Thread.ofPlatform().start(() -> exit.set(VellumDemoCli.run("demo", "--serve", "--data-dir",
                dir.toString(), "--orders", "3", "--port", "0", "--bind", "127.0.0.1")));
        URI loginUrl = URI.create(cli.await(ServingCli.LOGIN));
        String token = loginUrl.getQuery().substring("token=".length());
        URI url = URI.create(cli.await(ServingCli.SERVING));
        assertThat(cli.await(CONSOLE)).isEqualTo(url + "/console/");
        HttpResponse<String> opened = cli.client().send(HttpRequest.newBuilder(loginUrl).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(opened.headers().firstValue("Location")).as("the login URL opens the console").hasValue("/console/");
        assertThat(opened.headers().firstValue("Set-Cookie").orElseThrow()).contains("vellum_token=" + token);
        assertThat(cli.get(url.resolve("/console/"), null).body()).contains("/console/assets/console.js");
        String streams = cli.get(url.resolve("/api/streams?prefix=order-"), token).body();
        assertThat(streams).contains("\"name\":\"order-");
        HttpResponse<String> placed = cli.client().send(HttpRequest.newBuilder(url.resolve("/api/commands/order/order-99"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"commandId\":\"c-99\",\"type\":\"PlaceOrder\","
                        + "\"command\":{\"orderId\":\"o99\",\"customer\":\"ada\",\"amount\":9,\"currency\":\"EUR\"},"
                        + "\"waitFor\":[\"order-summary\"],\"waitMillis\":20000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(placed.body()).contains("\"outcome\":\"accepted\"", "\"caughtUp\":true");
        String workers = cli.get(url.resolve("/api/workers"), token).body();
        assertThat(workers).as("the demo's workers are live").contains("\"name\":\"projection.order-summary.v1\"",
                "\"name\":\"reactor.confirmation-email\"", "\"name\":\"reactor.approved-confirmation-email\"",
                "\"name\":\"projection.order-revenue.v1\"", "\"name\":\"process.orderreminder\"", "\"node\":\"demo\"");
        assertThat(eventually(url.resolve("/api/workers/projection.order-revenue.v1/parked"), token, "order-chf-1"))
                .as("an event is parked for a newcomer to fix").contains("No exchange rate for CHF");
        assertThat(eventually(url.resolve("/api/workers/reactor.approved-confirmation-email/effects"), token,
                "\"state\":\"AWAITING_APPROVAL\"")).as("emails of the demo's orders wait for approval at once").contains("o1");
        assertThat(eventually(url.resolve("/api/workers/process.orderreminder/instances"), token, "o2"))
                .contains("orderreminder-o2");
        assertThat(cli.printed()).contains("parks order chf-1",
                "add a line such as CHF=0.95 to", "exchange-rates.properties");
        assertThat(cli.get(url.resolve("/metrics"), null).body())
                .contains("vellum_worker_checkpoint{kind=\"projection\",worker=\"projection.order-summary.v1\"}");
        serving.interrupt();
        serving.join(10_000);
        assertThat(exit.get()).isZero();
    }


    /** The body of {@code uri} once it contains {@code expected}, within 20 s. */
    private String eventually(URI uri, String token, String expected) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        String body = cli.get(uri, token).body();
        while (!body.contains(expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            body = cli.get(uri, token).body();
        }
        assertThat(body).contains(expected);
        return body;
    }

}
