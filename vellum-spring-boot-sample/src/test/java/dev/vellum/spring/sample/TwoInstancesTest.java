package dev.vellum.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.examples.order.ConfirmationEmails;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the sample on one PostgreSQL database with {@code vellum.leases.enabled}: each
 * worker runs on one of them (the other shows it on standby), every order gets one email whichever
 * instance took the command, and when an instance shuts down the other takes its workers over.
 */
class TwoInstancesTest {

    private static final String[] WORKERS = {"projection.order-summary.v1", "reactor.confirmation-email"};

    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;

    @AfterEach
    void close() {
        Stream.of(a, b).filter(c -> c != null && c.isActive()).forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void eachWorkerRunsOnceAndMovesWhenItsInstanceStops() throws Exception {
        String url = TestPostgres.newDatabase();
        a = start(url, "a");
        b = start(url, "b");
        await(() -> Stream.of(WORKERS).allMatch(w -> runningOn(w).size() == 1));
        for (String worker : WORKERS) {
            assertThat(runningOn(worker)).hasSize(1);
            assertThat(Stream.of(a, b).map(c -> status(c, worker).state()))
                    .as(worker + " on a and b").containsOnlyOnce(WorkerState.STANDBY);
            ConfigurableApplicationContext owner = runningOn(worker).get(0);
            assertThat(status(owner, worker).lease()).as(worker + " runs under its lease").isNotNull();
            assertThat(status(owner, worker).lease().owner()).isEqualTo(owner.getBean(WorkerRegistry.class).node());
        }

        Http viaA = new Http(port(a));
        Http viaB = new Http(port(b));
        assertThat(viaA.placeOrder("t1", "t1@example.com", "10").status()).isEqualTo(201);
        assertThat(viaB.placeOrder("t2", "t2@example.com", "20").status()).isEqualTo(201);
        assertThat(viaA.placeOrder("t3", "t3@example.com", "30").status()).isEqualTo(201);
        long last = viaB.placeOrder("t4", "t4@example.com", "40").body().get("position").asLong();
        EventStore store = a.getBean(EventStore.class);
        await(() -> Stream.of("t1", "t2", "t3", "t4").allMatch(id -> outcomes(store, id) == 1));
        assertThat(sent(a) + sent(b)).as("emails sent by both instances").isEqualTo(4);
        Http owner = runningOn(WORKERS[0]).get(0) == a ? viaA : viaB;
        assertThat(owner.get("/orders/t4?after=" + last).status()).isEqualTo(200);

        ConfigurableApplicationContext emailsOwner = runningOn(WORKERS[1]).get(0);
        ConfigurableApplicationContext survivor = emailsOwner == a ? b : a;
        RecordingMailer ownersMailer = emailsOwner.getBean(RecordingMailer.class);
        long sentBefore = sent(a) + sent(b);
        emailsOwner.close();
        await(() -> Stream.of(WORKERS).allMatch(w -> status(survivor, w).state() != WorkerState.STANDBY));
        assertThat(new Http(port(survivor)).placeOrder("t5", "t5@example.com", "50").status()).isEqualTo(201);
        EventStore survivorStore = survivor.getBean(EventStore.class);
        await(() -> outcomes(survivorStore, "t5") == 1);
        assertThat(sent(survivor) + ownersMailer.sent().size() - sentBefore).as("emails sent after the take-over")
                .isEqualTo(1);
        assertThat(survivor.getBean(RecordingMailer.class).sent()).extracting(RecordingMailer.Sent::to)
                .contains("t5@example.com");
    }

    private static ConfigurableApplicationContext start(String url, String node) {
        return new SpringApplicationBuilder(OrderApplication.class).properties(
                "spring.datasource.url=" + url, "spring.datasource.username=postgres", "server.port=0",
                "vellum.node=" + node, "vellum.leases.enabled=true", "vellum.leases.time-to-live=2s").run();
    }

    private List<ConfigurableApplicationContext> runningOn(String worker) {
        return Stream.of(a, b).filter(ConfigurableApplicationContext::isActive)
                .filter(c -> status(c, worker).state() != WorkerState.STANDBY).toList();
    }

    private static WorkerStatus status(ConfigurableApplicationContext context, String worker) {
        return context.getBean(WorkerRegistry.class).status(worker);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static long sent(ConfigurableApplicationContext context) {
        return context.getBean(RecordingMailer.class).sent().size();
    }

    private static int outcomes(EventStore store, String orderId) {
        try {
            return store.readStream(ConfirmationEmails.outcomeStream(orderId)).size();
        } catch (StreamNotFoundException e) {
            return 0;
        }
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("waited 30 s for a condition").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
