package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.examples.order.ConfirmationEmails;
import dev.vellum.examples.order.OrderDemo;
import dev.vellum.examples.order.OrderSummary;
import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.retry.Retries;
import dev.vellum.server.Api.Answer;
import dev.vellum.server.alerts.Alerts;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.time.VellumClock;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerScheduler;
import dev.vellum.timer.sql.SqlTimerStore;
import dev.vellum.worker.ParkedWork;
import dev.vellum.worker.PartitionLag;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The console's worker pages in Debian's Chromium, headless, on a server over the order demo's store
 * with workers running: an order ledger projection that fails on orders of customers named "poison"
 * until its cause is fixed, the confirmation emails held for approval, and a paused timer scheduler
 * with an overdue and a later timer. An operator approves an email and sees its outcome appear,
 * retries a parked event after fixing its cause and sees it leave the parked list, and finds these
 * actions, and a pause and a resume of the timer scheduler, in the operator log; retries and skips an
 * inbox's parked records; a viewer sees no action button (and the server refuses the POST); markup
 * in events, effects, timers and reasons is shown as text and runs nothing. Each test saves
 * screenshots under {@code target/screenshots}.
 */
class ConsoleWorkersBrowserTest {

    private static final String LEDGER = "projection.order-ledger.v1";
    private static final String EMAILS = "reactor.approved-confirmation-email";
    private static final String TIMERS = "timers.nudges";
    private static final String SUMMARY = "projection.order-summary.v1";

    @TempDir
    static Path directory;

    private static SqliteEventStore store;
    private static SqliteReadModel readModel;
    private static WorkerRegistry registry;
    private static ProjectionRunner runner;
    private static RunningProjection ledger;
    private static RunningProjection summary;
    private static RunningReactor emails;
    private static TimerScheduler nudges;
    private static VellumServer server;
    private static Alerts alerts;
    private static volatile boolean poisoned = true;
    private static final Map<Position, Integer> applied = new ConcurrentHashMap<>();
    private static final List<String> mailed = new CopyOnWriteArrayList<>();
    private static final AtomicInteger orders = new AtomicInteger();

    private Browser browser;

    @BeforeAll
    static void startTheDemoWithItsWorkers() throws Exception {
        store = SqliteEventStore.open(directory.resolve("vellum.db"));
        OrderDemo.run(store, 6, new PrintStream(OutputStream.nullOutputStream()));
        readModel = SqliteReadModel.open(directory.resolve("read-models.db"));
        registry = WorkerRegistry.open(store, "node-1");
        runner = ProjectionRunner.builder(store).registry(registry).build();
        ledger = runner.start(Projection.builder("order-ledger")
                .retries(Retries.none()).errorPolicy(ErrorPolicy.PARK)
                .categories("order").handles("OrderPlaced")
                .handler((context, event) -> {
                    if (poisoned && event.data().contains("poison")) {
                        throw new IllegalStateException("no ledger account for the customer of " + event.stream());
                    }
                    applied.merge(event.position(), 1, Integer::sum);
                }).build(), readModel);
        summary = runner.start(OrderSummary.projection(), readModel);
        SqlTimerStore timers = new SqlTimerStore(readModel);
        emails = ConfirmationEmails.reactorNeedingApproval((to, subject, body, key) -> {
            mailed.add(to);
            return "msg-" + mailed.size();
        }, VellumClock.system(), Duration.ofMillis(50)).start(store, readModel, timers);
        registry.register(emails);
        nudges = TimerScheduler.builder(timers, "nudges", timer -> { }).start();
        nudges.pause();
        registry.register(nudges);
        alerts = Alerts.builder(registry).every(Duration.ofMillis(200)).start(); // to the log
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).workers(registry).alerts(alerts)
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        alerts.close();
        nudges.close();
        emails.close();
        runner.close();
        registry.close();
        readModel.close();
        store.close();
    }

    @BeforeEach
    void openBrowser() {
        browser = Browser.open();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anOperatorApprovesAPendingEmailAndSeesItsOutcomeAppear() throws Exception {
        String order = place("ada@example.com");
        logIn(Api.OPERATOR_TOKEN);
        driver().get(server.url() + "/console/effects");
        WebElement row = browser.await(d -> pendingRow(d, order));
        assertThat(row.getText()).contains("waiting for approval").contains("ada@example.com");
        browser.screenshot("effects-pending");
        row.findElement(By.cssSelector("button.approve")).click();
        confirm("the customer asked for it");
        browser.await(d -> !d.findElements(By.xpath("//*[@id='outcomes-" + EMAILS + "']//tr[contains(., '"
                + "confirmationemail-" + order.substring("order-".length()) + "')]")).isEmpty());
        WebElement outcome = driver().findElement(By.xpath("//*[@id='outcomes-" + EMAILS + "']//tr[contains(., '"
                + "confirmationemail-" + order.substring("order-".length()) + "')]"));
        assertThat(outcome.getText()).contains("ConfirmationEmailSent").contains("ada@example.com");
        browser.await(d -> pendingRow(d, order) == null);
        assertThat(mailed).containsOnlyOnce("ada@example.com");
        browser.screenshot("effects-approved");
    }

    @Test
    void anOperatorRetriesAParkedEventAfterFixingItsCauseAndItLeavesTheParkedList() throws Exception {
        Position poison = placeAt("poison@example.com");
        assertThat(ledger.awaitCheckpoint(poison, Duration.ofSeconds(10))).isTrue();
        logIn(Api.OPERATOR_TOKEN);
        driver().get(server.url() + "/console/projections");
        WebElement row = browser.await(d -> parkedRow(d, poison));
        assertThat(row.getText()).contains("no ledger account").contains("poison@example.com");
        assertThat(driver().findElement(By.id("projection-" + LEDGER)).getText())
                .contains("v1 · serves queries").contains("node-1");
        browser.await(d -> d.findElements(By.cssSelector("#projection-" + cssEscape(LEDGER) + " .chart rect.bar"))
                .size() >= 2);
        browser.screenshot("projections-parked");

        row.findElement(By.cssSelector("button.retry")).click();
        confirm("trying before the fix");
        browser.await(d -> operatorLogHas(poison, "RETRY_PARKED", "trying before the fix"));
        assertThat(ledger.parkedEvents()).as("still failing: still parked").extracting(p -> p.position()).contains(poison);
        assertThat(applied).doesNotContainKey(poison);

        poisoned = false;
        browser.await(d -> parkedRow(d, poison)).findElement(By.cssSelector("button.retry")).click();
        confirm("opened the ledger account");
        browser.await(d -> parkedRow(d, poison) == null);
        assertThat(applied).containsEntry(poison, 1);
        poisoned = true;
        browser.screenshot("projections-retried");
    }

    @Test
    void anOperatorStartsARebuildAndTheNewGenerationTakesOverWhileQueriesKeepAnswering() throws Exception {
        Position placed = placeAt("grace@example.com");
        assertThat(summary.awaitCheckpoint(placed, Duration.ofSeconds(10))).isTrue();
        List<OrderSummary.Row> before = summaryRows();
        logIn(Api.OPERATOR_TOKEN);
        driver().get(server.url() + "/console/projections");
        WebElement panel = browser.await(d -> first(d, By.id("projection-" + SUMMARY)));
        browser.await(d -> panel.getText().contains("v1 · serves queries"));
        panel.findElement(By.cssSelector("button.rebuild")).click();
        confirm("new index on the customer column");
        browser.await(d -> d.findElement(By.id("projection-" + SUMMARY)).getText()
                .contains("v1 · generation 2 · serves queries"));
        browser.screenshot("projections-rebuilt");
        assertThat(summary.id().generation()).isEqualTo(2);
        assertThat(summaryRows()).as("the new generation holds what the old one did").isEqualTo(before);
        assertThat(registry.actions()).anyMatch(a -> a.action().control().name().equals("REBUILD")
                && "new index on the customer column".equals(a.action().reason()) && a.outcome().isPresent());
    }

    private static List<OrderSummary.Row> summaryRows() throws SQLException {
        try (Connection reader = readModel.readers().getConnection()) {
            return OrderSummary.query(reader);
        }
    }

    @Test
    void theOverviewShowsEveryWorkerAtAGlanceAndTheAlertOfAParkedEventWhileItIsOpen() throws Exception {
        Position poison = placeAt("poison@example.com");
        assertThat(ledger.awaitCheckpoint(poison, Duration.ofSeconds(10))).isTrue();
        logIn(Api.VIEWER_TOKEN);
        driver().get(server.url() + "/console/");
        WebElement row = browser.await(d -> first(d, By.cssSelector("#overview-workers tr[data-worker='" + LEDGER + "']")));
        assertThat(row.getText()).contains("projection").contains("events");
        assertThat(driver().findElements(By.cssSelector("#overview-workers tr[data-worker]")))
                .hasSizeGreaterThanOrEqualTo(4);
        WebElement alert = browser.await(d -> first(d, By.xpath("//*[@id='open-alerts']//tr[contains(., '" + LEDGER
                + "')]")));
        assertThat(alert.getText().toLowerCase()).contains("park");
        ((JavascriptExecutor) driver()).executeScript("arguments[0].scrollIntoView()", row); // both below the fold
        browser.screenshot("overview-workers-and-alerts");
        ledger.skipParked(poison); // the other tests see their own parked events only
    }

    @Test
    void theTimersPageShowsTheOverdueAndTheLaterTimers() {
        Instant now = Instant.now();
        nudges.schedule(new Timer("nudge-overdue", "nudges", now.minus(Duration.ofMinutes(5)), "{}"));
        nudges.schedule(new Timer("nudge-later", "nudges", now.plus(Duration.ofHours(1)), "{}"));
        nudges.schedule(Timer.of("nudge-too-late", "nudges", now.minus(Duration.ofMinutes(10)))
                .withDeadline(now.minus(Duration.ofMinutes(5))));
        logIn(Api.VIEWER_TOKEN);
        driver().get(server.url() + "/console/timers");
        WebElement overdue = browser.await(d -> first(d, By.cssSelector("tr[data-timer='nudge-overdue']")));
        assertThat(overdue.getAttribute("class")).isEqualTo("overdue");
        assertThat(overdue.getText()).contains("overdue by 5 min");
        assertThat(driver().findElement(By.cssSelector("tr[data-timer='nudge-later']")).getText()).contains("due in 59 min");
        WebElement tooLate = driver().findElement(By.cssSelector("tr[data-timer='nudge-too-late']"));
        assertThat(tooLate.getAttribute("class")).as("it expires unfired when taken: not overdue").isEqualTo("expiring");
        assertThat(tooLate.getText()).contains("past its deadline");
        assertThat(driver().findElement(By.cssSelector("[id='worker-" + TIMERS + "'] .timer-counts")).getText())
                .contains("timers not yet fired: 1 due, 1 overdue, 1 past its deadline (it expires unfired)"); // another test adds a later one
        assertThat(driver().findElement(By.id("worker-" + TIMERS)).getText()).contains("PAUSED");
        browser.screenshot("timers");
    }

    @Test
    void aViewerSeesNoActionButtonAndTheServerRefusesTheActionAnyway() throws Exception {
        String order = place("victor@example.com");
        Position poison = placeAt("poison@example.com");
        assertThat(ledger.awaitCheckpoint(poison, Duration.ofSeconds(10))).isTrue();
        logIn(Api.VIEWER_TOKEN);
        driver().get(server.url() + "/console/effects");
        browser.await(d -> pendingRow(d, order));
        assertNoActionButtons();
        browser.screenshot("viewer-effects");
        driver().get(server.url() + "/console/projections");
        browser.await(d -> parkedRow(d, poison));
        assertNoActionButtons();
        browser.screenshot("viewer-projections");

        String key = awaitPending(order);
        Answer approve = Api.viewer(server).post("/api/workers/" + EMAILS + "/effects/" + Api.segment(key) + "/approve", "{}");
        assertThat(approve.status()).isEqualTo(403);
        Answer retry = Api.viewer(server).post("/api/workers/" + LEDGER + "/parked/" + poison.value() + "/retry", "{}");
        assertThat(retry.status()).isEqualTo(403);
        assertThat(emails.pendingEffects()).extracting(e -> e.key()).contains(key);
        assertThat(ledger.parkedEvents()).extracting(p -> p.position()).contains(poison);
    }

    @Test
    void theOperatorLogShowsWhoDidWhatWhenAndWhy() throws Exception {
        String order = place("olga@example.com");
        String key = awaitPending(order);
        Api.operator(server).post("/api/workers/" + EMAILS + "/effects/" + Api.segment(key) + "/cancel",
                "{\"reason\":\"duplicate order " + order + "\"}");
        logIn(Api.OPERATOR_TOKEN);
        driver().get(server.url() + "/console/timers");
        String panel = "#worker-" + cssEscape(TIMERS);
        browser.await(d -> first(d, By.cssSelector(panel + " button.resume:not([hidden])"))).click();
        confirm("");
        browser.await(d -> nudges.status().state() != dev.vellum.worker.WorkerState.PAUSED);
        browser.await(d -> first(d, By.cssSelector(panel + " button.pause:not([hidden])"))).click();
        confirm("hold the nudges");
        browser.await(d -> nudges.status().state() == dev.vellum.worker.WorkerState.PAUSED);
        browser.await(d -> first(d, By.cssSelector(panel + " button.resume:not([hidden])")));
        logIn(Api.VIEWER_TOKEN);
        driver().get(server.url() + "/console/actions");
        WebElement cancel = browser.await(d -> first(d, By.xpath("//table//tr[contains(., 'duplicate order "
                + order + "')]")));
        assertThat(cancel.getText()).contains("olga").contains(EMAILS).contains("cancel effect").contains(key)
                .contains("done on node-1");
        List<WebElement> rows = driver().findElements(By.cssSelector("#actions tbody tr"));
        assertThat(rows.get(0).getText()).as("newest first").contains("pause").contains("hold the nudges");
        assertThat(rows.get(1).getText()).contains("resume").contains("no reason given");
        browser.screenshot("operator-log");
    }

    @Test
    void markupOnTheWorkerPagesIsShownAsTextAndRunsNothing() throws Exception {
        String hostile = "poison <script>window.__vellumXss='customer'</script><img src=x onerror=\\\"window.__vellumXss='img'\\\">"
                + "x".repeat(5_000);
        Position poison = placeAt(hostile);
        assertThat(ledger.awaitCheckpoint(poison, Duration.ofSeconds(10))).isTrue();
        nudges.schedule(new Timer("<img src=x onerror=\"window.__vellumXss='timer'\">", "nudges",
                Instant.now().plus(Duration.ofHours(2)), "{}"));
        awaitPending("order-w" + orders.get());
        String other = place("someone@example.com");
        Api.operator(server).post("/api/workers/" + EMAILS + "/effects/" + Api.segment(awaitPending(other)) + "/cancel",
                "{\"reason\":\"<svg onload=\\\"window.__vellumXss='reason'\\\"></svg>\"}");
        logIn(Api.OPERATOR_TOKEN);
        Map<String, By> pages = Map.of(
                "/console/projections", By.xpath("//tr[contains(., 'window.__vellumXss')]"),
                "/console/effects", By.xpath("//*[@id='effects-" + EMAILS + "' or @id='outcomes-" + EMAILS
                        + "']//tr[contains(., 'window.__vellumXss')]"),
                "/console/timers", By.xpath("//tr[contains(., 'onerror=')]"),
                "/console/actions", By.xpath("//tr[contains(., '<svg onload')]"));
        for (Map.Entry<String, By> page : new java.util.TreeMap<>(pages).entrySet()) {
            driver().get(server.url() + page.getKey());
            browser.await(d -> first(d, page.getValue()));
            assertNothingRan();
            Long overflow = (Long) ((JavascriptExecutor) driver()).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("no horizontal scrolling on %s", page.getKey()).isLessThanOrEqualTo(0L);
            browser.screenshot("xss" + page.getKey().replace('/', '-'));
        }
    }

    @Test
    void theInboxesPageShowsTheLagOfEachPartitionAsText() {
        String hostile = "devices<img src=x onerror=\"window.__vellumXss='topic'\">";
        Worker inbox = new Inbox(List.of(new PartitionLag(hostile, 0, 40, 46, true), new PartitionLag(hostile, 1, 7, 7, false)),
                new CopyOnWriteArrayList<>(List.of(new Record(Position.of(900), hostile, 0, 40, "d-0", "{broken"))));
        registry.register(inbox);
        try {
            logIn(Api.VIEWER_TOKEN);
            driver().get(server.url() + "/console/inboxes");
            WebElement stopped = browser.await(d -> first(d, By.cssSelector("tr[data-partition$='/0']")));
            assertThat(stopped.getText()).contains(hostile).contains("40").contains("46").contains("6")
                    .contains("stopped at a parked record");
            assertThat(stopped.getAttribute("class")).isEqualTo("stopped");
            assertThat(driver().findElement(By.cssSelector("tr[data-partition$='/1']")).getText()).doesNotContain("stopped");
            assertThat(driver().findElement(By.id("inbox-inbox.devices")).getText()).contains("Holds 2 partitions, 6 records behind")
                    .contains("CATCHING_UP").contains("parked records");
            assertThat(browser.await(d -> inboxParkedRow(d, 900)).getText()).as("a viewer sees the parked record")
                    .contains(hostile + "/0/40").contains("{broken");
            assertNothingRan();
            assertNoActionButtons();
            browser.screenshot("inboxes");
        } finally {
            registry.unregister(inbox);
        }
    }

    @Test
    void anOperatorRetriesAndSkipsAnInboxsParkedRecordsShownAsText() throws Exception {
        String hostile = "<img src=x onerror=\"window.__vellumXss='record'\">";
        List<ParkedWork> parked = new CopyOnWriteArrayList<>(List.of(
                new Record(Position.of(901), "device-errors", 0, 4, "d-0" + hostile, "{broken " + hostile),
                new Record(Position.of(902), "device-errors", 1, 9, null, "{\"type\": \"ERROR_OCCURRED\"")));
        Worker inbox = new Inbox(List.of(new PartitionLag("device-errors", 0, 4, 10, true)), parked);
        registry.register(inbox);
        try {
            logIn(Api.OPERATOR_TOKEN);
            driver().get(server.url() + "/console/inboxes");
            WebElement poison = browser.await(d -> inboxParkedRow(d, 901));
            assertThat(poison.getText()).contains("device-errors/0/4 · key d-0" + hostile).contains("{broken " + hostile)
                    .contains("com.fasterxml.jackson.core.JsonParseException: at offset 4");
            assertThat(inboxParkedRow(driver(), 902).getText()).contains("device-errors/1/9 · no key");
            assertThat(driver().findElement(By.id("inbox-inbox.devices")).getText()).contains("2 parked records");
            assertNothingRan();
            browser.screenshot("inboxes-parked");

            poison.findElement(By.cssSelector("button.retry")).click();
            confirm("fixed the translator");
            browser.await(d -> inboxParkedRow(d, 901) == null);
            browser.await(d -> inboxParkedRow(d, 902)).findElement(By.cssSelector("button.skip")).click();
            confirm("a partial record, resent by the device");
            browser.await(d -> inboxParkedRow(d, 902) == null);
            assertThat(parked).isEmpty();
            assertThat(operatorLogHas(Position.of(901), "RETRY_PARKED", "fixed the translator")).isTrue();
            assertThat(operatorLogHas(Position.of(902), "SKIP_PARKED", "a partial record, resent by the device")).isTrue();
            browser.await(d -> d.findElement(By.id("inbox-inbox.devices")).getText().contains("No parked records."));
            browser.screenshot("inboxes-parked-resolved");
        } finally {
            registry.unregister(inbox);
        }
    }

    /** A parked record as an inbox lists it (vellum-kafka's ParkedRecord), failing with bad JSON. */
    private record Record(Position position, String topic, int partition, long offset, String key, String value)
            implements ParkedWork {
        @Override
        public String description() {
            return topic + "/" + partition + "/" + offset + " · " + (key == null ? "no key" : "key " + key);
        }

        @Override
        public Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("topic", topic);
            details.put("partition", partition);
            details.put("offset", offset);
            details.put("key", key);
            details.put("value", value);
            return details;
        }

        @Override
        public String error() {
            return "com.fasterxml.jackson.core.JsonParseException: at offset " + offset;
        }

        @Override
        public int attempts() {
            return 1;
        }

        @Override
        public Instant parkedAt() {
            return Instant.parse("2026-03-01T10:15:30Z");
        }
    }

    /**
     * An inbox as the worker model shows it (vellum-kafka's KafkaInbox), holding these partitions and
     * these parked records, which a retry or a skip removes.
     */
    private record Inbox(List<PartitionLag> partitions, List<ParkedWork> parked) implements Worker {
        @Override
        public void retryParked(Position position) {
            resolve(position);
        }

        @Override
        public void skipParked(Position position) {
            resolve(position);
        }

        private void resolve(Position position) {
            if (!parked.removeIf(p -> p.position().equals(position))) {
                throw new AssertionError("nothing parked at " + position);
            }
        }

        @Override
        public String name() {
            return "inbox.devices";
        }

        @Override
        public WorkerKind kind() {
            return WorkerKind.INBOX;
        }

        @Override
        public WorkerStatus status() {
            return new WorkerStatus(name(), kind(), WorkerState.CATCHING_UP, Position.START, Position.START,
                    partitions.stream().mapToLong(PartitionLag::lag).sum(), Duration.ofSeconds(3), 12.5, null, parked.size(), 0, 0,
                    null, null, Instant.now(), null, null, null, 0, partitions);
        }

        @Override
        public Set<WorkerControl> controls() {
            return kind().controls();
        }

        @Override
        public void pause() {
            throw new AssertionError("not paused in this test");
        }

        @Override
        public void resume() {
            throw new AssertionError("not resumed in this test");
        }
    }

    private void assertNoActionButtons() {
        assertThat(driver().findElement(By.id("who")).getText()).isEqualTo("victor · viewer");
        assertThat(driver().findElements(By.cssSelector("main button.approve, main button.cancel, main button.retry, "
                + "main button.skip, main button.reset, main button.retry-all, main button.pause, main button.resume, main button.danger"))).isEmpty();
    }

    private void assertNothingRan() {
        Object flag = ((JavascriptExecutor) driver()).executeScript("return window.__vellumXss;");
        assertThat(flag).as("no script of the data's ran").isNull();
        assertThat(driver().findElements(By.cssSelector("main script, main img, main svg:not(.chart)"))).isEmpty();
        try {
            driver().switchTo().alert();
            throw new AssertionError("an alert opened");
        } catch (NoAlertPresentException expected) {
            // nothing opened
        }
    }

    /** Confirms the open confirmation dialog with a reason. */
    private void confirm(String reason) {
        browser.confirm(reason);
    }

    private boolean operatorLogHas(Position position, String control, String reason) {
        return registry.actions().stream().anyMatch(a -> a.action().control().name().equals(control)
                && String.valueOf(position.value()).equals(a.action().target()) && reason.equals(a.action().reason())
                && a.outcome().isPresent());
    }

    private static WebElement pendingRow(WebDriver driver, String order) {
        return first(driver, By.xpath("//*[@id='effects-" + EMAILS + "']//tr[@data-key][contains(., '\"" + order
                .substring("order-".length()) + "\"')]"));
    }

    private static WebElement parkedRow(WebDriver driver, Position position) {
        return first(driver, By.cssSelector("#parked-" + cssEscape(LEDGER) + " tr[data-position='" + position.value() + "']"));
    }

    private static WebElement inboxParkedRow(WebDriver driver, long position) {
        return first(driver, By.cssSelector("#parked-inbox\\.devices tr[data-position='" + position + "']"));
    }

    private static String cssEscape(String id) {
        return id.replace(".", "\\.");
    }

    private static WebElement first(WebDriver driver, By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? null : found.getFirst();
    }

    private String awaitPending(String order) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var found = emails.pendingEffects().stream().filter(e -> e.effect().payload().contains("\""
                    + order.substring("order-".length()) + "\"")).findFirst();
            if (found.isPresent()) {
                return found.get().key();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no effect of " + order + " waits for approval");
    }

    /** Places an order for {@code customer} and answers its stream. */
    private static String place(String customer) {
        placeAt(customer);
        return "order-w" + orders.get();
    }

    /** Places an order for {@code customer} (a new order id) and answers its position. */
    private static Position placeAt(String customer) {
        String id = "w" + orders.incrementAndGet();
        String data = "{\"orderId\":\"" + id + "\",\"customer\":\"" + customer + "\",\"amount\":12.50,\"currency\":\"EUR\"}";
        return store.append(StreamId.of("order-" + id), ExpectedRevision.noStream(), EventData.of("OrderPlaced", data))
                .position();
    }

    private void logIn(String token) {
        browser.logIn(server.url(), token);
    }

    private WebDriver driver() {
        return browser.driver();
    }
}
