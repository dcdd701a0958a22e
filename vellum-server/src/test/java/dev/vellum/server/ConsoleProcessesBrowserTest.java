package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.process.RunningProcess;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.time.ManualClock;
import dev.vellum.worker.WorkerRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The processes page in Debian's Chromium: a process manager's instances, and one of them in full
 * (its state, the inputs of its history, its timers), with markup in its state shown as text.
 */
class ConsoleProcessesBrowserTest {

    private static final String WORKER = "process.rounds";

    @TempDir
    Path directory;

    private EventStore store;
    private SqliteReadModel readModel;
    private WorkerRegistry registry;
    private RunningProcess<ProcessApiTest.Round> process;
    private VellumServer server;
    private Browser browser;

    @BeforeEach
    void start() throws Exception {
        store = SqliteEventStore.open(directory.resolve("events.db"));
        readModel = SqliteReadModel.open(directory.resolve("read.db"));
        registry = WorkerRegistry.open(store, "node-1");
        process = ProcessApiTest.rounds(store, readModel, new ManualClock(Instant.parse("2026-03-01T10:00:00Z")));
        registry.register(process);
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).workers(registry).start();
        browser = Browser.open();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
        process.close();
        registry.close();
        readModel.close();
        store.close();
    }

    @Test
    void anInstanceIsListedAndShownWithItsStateHistoryAndTimersAsText() throws Exception {
        for (String round : List.of("r1", "r2")) {
            store.append(StreamId.of("ping", round), ExpectedRevision.any(), ProcessApiTest.TYPES
                    .serialize(new ProcessApiTest.Ping(round, "<img src=x onerror=\"window.ran=1\">")));
        }
        ProcessApiTest.await("both rounds answered", () -> List.of("r1", "r2").stream()
                .allMatch(r -> process.instance(r).state().phase().equals("answered")));
        browser.driver().get(server.url() + "/?token=" + Api.VIEWER_TOKEN);
        browser.driver().get(server.url() + "/console/timers");
        WebElement row = browser.await(d -> d.findElements(By.cssSelector("#instances-" + WORKER.replace(".", "\\.")
                + " tr[data-instance='r1']")).stream().findFirst().orElse(null));
        assertThat(row.getText()).contains("rounds-r1").contains("active");
        row.findElement(By.cssSelector("button.show-instance")).click();
        WebElement detail = browser.await(d -> d.findElements(By.cssSelector(".instance-detail")).stream().findFirst()
                .orElse(null));
        assertThat(detail.getText()).contains("answered").contains("<img src=x onerror=")
                .contains("Started").contains("Answered").contains("give-up").contains("close");
        assertThat(((JavascriptExecutor) browser.driver()).executeScript("return window.ran === undefined")).isEqualTo(true);
        browser.screenshot("processes-instance");
    }
}
