package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.retry.Retries;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The projections page in Debian's Chromium, headless, on a server over SQLite: counts read in the
 * singular for one and in the plural otherwise ("1 parked event", "max 1 event behind", "2 parked
 * events", "max 2 events behind"), and an operator cancels a rebuild with its button while the
 * serving generation goes on (a viewer gets no such button). Screenshots go to {@code target/screenshots}.
 */
class ConsoleProjectionsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ONE = "projection.one-parked.v1";
    private static final String TWO = "projection.two-parked.v1";
    private static final String TOTALS = "projection.totals.v1";

    @TempDir
    Path directory;

    private SqliteEventStore store;
    private SqliteReadModel readModel;
    private WorkerRegistry registry;
    private ProjectionRunner runner;
    private VellumServer server;
    private Browser browser;
    private final CountDownLatch holdRebuild = new CountDownLatch(1);

    @BeforeEach
    void start() {
        store = SqliteEventStore.open(directory.resolve("events.db"));
        readModel = SqliteReadModel.open(directory.resolve("read.db"));
        registry = WorkerRegistry.open(store, "node-1");
        runner = ProjectionRunner.builder(store).registry(registry).build();
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).workers(registry).start();
        browser = Browser.open();
    }

    @AfterEach
    void stop() {
        holdRebuild.countDown();
        if (browser != null) {
            browser.close();
        }
        server.close();
        runner.close();
        registry.close();
        readModel.close();
        store.close();
    }

    /** Parks the events whose data holds one of {@code bad}; the others it counts. */
    private RunningProjection parking(String name, String... bad) {
        return runner.start(Projection.builder(name).retries(Retries.none()).errorPolicy(ErrorPolicy.PARK)
                .handler((context, event) -> {
                    for (String b : bad) {
                        if (event.data().contains(b)) {
                            throw new IllegalStateException("no account for " + b);
                        }
                    }
                }).build(), readModel);
    }

    private Position append(String data) {
        return store.append(StreamId.of("order-1"), ExpectedRevision.any(), EventData.of("Placed", data)).position();
    }

    @Test
    void countsReadInTheSingularForOneAndInThePluralOtherwise() throws Exception {
        append("{\"customer\":\"bad-1\"}");
        append("{\"customer\":\"bad-2\"}");
        Position head = append("{\"customer\":\"good\"}");
        RunningProjection one = parking("one-parked", "bad-1");
        RunningProjection two = parking("two-parked", "bad-1", "bad-2");
        assertThat(one.awaitCheckpoint(head, WAIT)).isTrue();
        assertThat(two.awaitCheckpoint(head, WAIT)).isTrue();
        two.pause();
        Position first = append("{}"); // two is behind by this one, one follows it
        assertThat(one.awaitCheckpoint(first, WAIT)).isTrue();
        one.pause();
        append("{}"); // one is 1 behind, two 2

        browser.logIn(server.url(), Api.VIEWER_TOKEN);
        driver().get(server.url() + "/console/projections");
        browser.await(d -> text(d, ONE).contains("1 parked event\n") && text(d, TWO).contains("2 parked events"));
        browser.await(d -> text(d, ONE).contains("1 event · ") && text(d, TWO).contains("2 events · "));
        browser.await(d -> scale(panel(d, ONE)).equals("max 1 event behind")
                && scale(panel(d, TWO)).equals("max 2 events behind"));
        assertThat(text(driver(), ONE)).doesNotContain("1 parked events")
                .as("the last error's time written as the console writes times")
                .containsPattern("no account for bad-1 \\(at position 1\\) · \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC");
        assertThat(text(driver(), TWO)).containsPattern("\nrate\n(1 event/s|(?!1 )[0-9.,]+ events/s)\n");
        browser.screenshot("projections-counts");
    }

    private static String text(WebDriver driver, String worker) {
        WebElement panel = panel(driver, worker);
        return panel == null ? "" : panel.getText();
    }

    private static String scale(WebElement panel) {
        return panel.findElement(By.cssSelector(".chart-box .scale")).getText();
    }

    @Test
    void anOperatorCancelsARebuildWithItsButtonAndTheServingGenerationGoesOn() throws Exception {
        for (int i = 0; i < 100; i++) {
            store.append(StreamId.of("order-" + i % 10), ExpectedRevision.any(), EventData.of("Placed", "{}"));
        }
        RunningProjection totals = runner.start(Projection.builder("totals", SqlContext.class)
                .setup(sql -> sql.createTable("order_totals", "(stream TEXT PRIMARY KEY, events INTEGER NOT NULL)"))
                .handler((sql, event) -> {
                    if (sql.projection().generation() > 1) {
                        holdRebuild.await();
                    }
                    sql.update("INSERT INTO {order_totals} (stream, events) VALUES (?, 1)"
                            + " ON CONFLICT (stream) DO UPDATE SET events = events + 1", event.stream().value());
                }).build(), readModel);
        assertThat(totals.awaitCheckpoint(store.head(), WAIT)).isTrue();
        awaitLive(totals);

        browser.logIn(server.url(), Api.OPERATOR_TOKEN);
        driver().get(server.url() + "/console/projections");
        browser.await(d -> shown(d, TOTALS, "button.rebuild"));
        assertThat(shown(driver(), TOTALS, "button.cancel-rebuild")).as("no rebuild yet").isFalse();
        List<WebElement> buttons = panel(driver(), TOTALS).findElements(By.cssSelector(".toolbar button")).stream()
                .filter(WebElement::isDisplayed).toList();
        for (int i = 1; i < buttons.size(); i++) {
            assertThat(buttons.get(i).getRect().getX()).as("a gap between the buttons")
                    .isGreaterThan(buttons.get(i - 1).getRect().getX() + buttons.get(i - 1).getRect().getWidth());
        }
        panel(driver(), TOTALS).findElement(By.cssSelector("button.rebuild")).click();
        browser.confirm("try the new index");
        browser.await(d -> shown(d, TOTALS, "button.cancel-rebuild"));
        assertThat(shown(driver(), TOTALS, "button.rebuild")).as("one rebuild at a time").isFalse();
        browser.await(d -> panel(d, TOTALS + ".rebuild"));
        assertThat(shown(driver(), TOTALS + ".rebuild", "button.rebuild")
                || shown(driver(), TOTALS + ".rebuild", "button.cancel-rebuild")).as("the rebuild's own panel offers neither")
                .isFalse();
        browser.screenshot("projections-rebuilding");

        browser.logIn(server.url(), Api.VIEWER_TOKEN);
        driver().get(server.url() + "/console/projections");
        browser.await(d -> panel(d, TOTALS) != null && panel(d, TOTALS).getText().contains("generation 2: "));
        assertThat(driver().findElements(By.cssSelector("button.cancel-rebuild"))).as("a viewer").isEmpty();

        browser.logIn(server.url(), Api.OPERATOR_TOKEN);
        driver().get(server.url() + "/console/projections");
        browser.await(d -> shown(d, TOTALS, "button.cancel-rebuild"));
        panel(driver(), TOTALS).findElement(By.cssSelector("button.cancel-rebuild")).click();
        Thread release = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(1_500); // the cancel waits for the batch being applied, held here until then
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            holdRebuild.countDown();
        });
        browser.confirm("the new index is wrong");
        release.join();
        browser.await(d -> panel(d, TOTALS + ".rebuild") == null && shown(d, TOTALS, "button.rebuild")
                && !shown(d, TOTALS, "button.cancel-rebuild"));
        assertThat(panel(driver(), TOTALS).getText()).contains("v1 · serves queries").doesNotContain("generation 2");
        browser.screenshot("projections-rebuild-cancelled");

        assertThat(totals.id()).isEqualTo(ProjectionId.of("totals", 1));
        assertThat(readModel.checkpoints(new ProjectionId("totals", 1, 2))).isEmpty();
        assertThat(tables()).doesNotContain("order_totals_v1_g2").contains("order_totals_v1");
        assertThat(registry.actions()).anyMatch(a -> a.action().control() == WorkerControl.CANCEL_REBUILD
                && "the new index is wrong".equals(a.action().reason()) && "olga".equals(a.action().actor())
                && a.outcome().isPresent());
        driver().get(server.url() + "/console/actions");
        browser.await(d -> d.findElement(By.id("actions")).getText().contains("cancel rebuild"));
    }

    private void awaitLive(RunningProjection projection) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (projection.status().state() != WorkerState.LIVE) {
            assertThat(System.nanoTime()).as("live in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private List<String> tables() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = readModel.openReader(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static WebElement panel(WebDriver driver, String worker) {
        return first(driver, By.id("projection-" + worker));
    }

    /** True when the panel of {@code worker} shows a button matching {@code css}. */
    private static boolean shown(WebDriver driver, String worker, String css) {
        WebElement panel = panel(driver, worker);
        return panel != null && panel.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed);
    }

    private static WebElement first(WebDriver driver, By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? null : found.getFirst();
    }

    private WebDriver driver() {
        return browser.driver();
    }
}
