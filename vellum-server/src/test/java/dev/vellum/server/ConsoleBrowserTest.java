package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.CommandHandler;
import dev.vellum.examples.order.Order;
import dev.vellum.examples.order.OrderCommand;
import dev.vellum.examples.order.OrderDemo;
import dev.vellum.examples.order.OrderEvent;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Metadata;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The web console in Debian's Chromium, headless, on a server over the order demo's store with
 * events still being appended (one a quarter second, to {@code tick-*} streams): each page opens
 * and shows the store, a stream is followed from the list, an order's state is shown as of a revision, the live tail shows a new append and
 * pauses, a viewer sees no action button, and events whose data and metadata hold markup run
 * nothing and break no layout. Each test saves screenshots under {@code target/screenshots}.
 */
class ConsoleBrowserTest {

    @TempDir
    static Path directory;

    private static SqliteEventStore store;
    private static VellumServer server;
    private static ScheduledExecutorService ticker;
    private static final AtomicLong ticks = new AtomicLong();

    private Browser browser;

    @BeforeAll
    static void startTheDemo() throws Exception {
        store = SqliteEventStore.open(directory.resolve("vellum.db"));
        OrderDemo.run(store, 12, new PrintStream(OutputStream.nullOutputStream()));
        CommandHandler<OrderCommand, Order, OrderEvent> orders = CommandHandler
                .builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users())
                .commands(CommandEndpoint.builder("order", orders, Order.DECIDER, OrderEvent.TYPES)
                        .command("PlaceOrder", OrderCommand.PlaceOrder.class)
                        .command("ConfirmOrder", OrderCommand.ConfirmOrder.class).build())
                .start();
        ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> append("tick-" + (ticks.incrementAndGet() % 5), "Ticked",
                "{\"n\":" + ticks.get() + "}", Metadata.EMPTY), 0, 250, TimeUnit.MILLISECONDS);
    }

    @AfterAll
    static void stop() {
        ticker.shutdownNow();
        server.close();
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
    void theOverviewShowsTheHeadAndTheAppendRateAsTheyChangeInTheSystemsTheme() {
        logIn(Api.OPERATOR_TOKEN);
        assertThat(driver().getCurrentUrl()).as("the login URL lands on the console").endsWith("/console/");
        WebElement head = browser.await(d -> visibleText(d, "head"));
        String first = head.getText();
        browser.await(d -> !d.findElement(By.id("head")).getText().equals(first));
        browser.await(d -> d.findElements(By.cssSelector(".chart rect.bar")).size() >= 2);
        assertThat(driver().findElement(By.id("rate")).getText()).matches("[0-9,]+");
        browser.await(d -> !d.findElements(By.cssSelector("#latest tr")).isEmpty());
        assertThat(driver().findElement(By.id("who")).getText()).isEqualTo("olga · operator");
        browser.screenshot("overview");
        assertThat(backgroundOfBody()).as("light by default").isEqualTo("rgb(247, 247, 245)");
        ((org.openqa.selenium.chrome.ChromeDriver) driver()).executeCdpCommand("Emulation.setEmulatedMedia",
                java.util.Map.of("features", List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
        browser.await(d -> backgroundOfBody().equals("rgb(21, 23, 27)"));
        browser.screenshot("overview-dark");
    }

    private String backgroundOfBody() {
        return (String) ((JavascriptExecutor) driver()).executeScript(
                "return getComputedStyle(document.body).backgroundColor;");
    }

    @Test
    void aStreamIsFoundByItsPrefixAndFollowedPageByPage() {
        append("ledger-7", "Entry", "{\"n\":0}", Metadata.EMPTY);
        for (int i = 1; i < 45; i++) {
            append("ledger-7", "Entry", "{\"n\":" + i + "}", Metadata.EMPTY);
        }
        logIn(Api.OPERATOR_TOKEN);
        driver().get(server.url() + "/console/streams");
        browser.await(d -> visibleText(d, "stream-total"));
        browser.await(d -> !d.findElements(By.cssSelector("#categories a")).isEmpty());
        WebElement prefix = driver().findElement(By.id("prefix"));
        prefix.sendKeys("ledger-", Keys.ENTER);
        browser.await(d -> d.findElement(By.id("stream-total")).getText().startsWith("1 stream starting"));
        browser.screenshot("streams");
        driver().findElement(By.linkText("ledger-7")).click();
        browser.await(d -> d.findElements(By.cssSelector("#events article.event")).size() == 20);
        assertThat(driver().findElement(By.id("page-range")).getText()).isEqualTo("revisions 0–19");
        assertThat(driver().findElements(By.id("delete-stream"))).as("an operator's action").hasSize(1);
        driver().findElement(By.xpath("//button[text()='Next']")).click();
        browser.await(d -> d.findElement(By.id("page-range")).getText().equals("revisions 20–39"));
        driver().findElement(By.xpath("//button[text()='Last']")).click();
        browser.await(d -> d.findElement(By.id("page-range")).getText().equals("revisions 25–44"));
        driver().findElement(By.xpath("//button[text()='Previous']")).click();
        browser.await(d -> d.findElement(By.id("page-range")).getText().equals("revisions 5–24"));
        WebElement revision = driver().findElement(By.id("revision"));
        revision.sendKeys("40", Keys.ENTER);
        browser.await(d -> d.findElement(By.id("page-range")).getText().equals("revisions 40–44"));
        assertThat(driver().findElement(By.cssSelector("#events article.event pre.json")).getText())
                .contains("\"n\": 40");
        browser.screenshot("stream");
    }

    @Test
    void anOperatorDeletesAStreamAfterAConfirmationThatAsksNoReason() {
        append("scratch-1", "Entry", "{\"n\":0}", Metadata.EMPTY);
        logIn(Api.OPERATOR_TOKEN);
        driver().get(server.url() + "/console/stream?name=scratch-1");
        browser.await(d -> d.findElements(By.cssSelector("#events article.event")).size() == 1);
        driver().findElement(By.id("delete-stream")).click();
        browser.await(d -> !d.findElements(By.cssSelector("dialog[open] #confirm-action")).isEmpty());
        assertThat(driver().findElement(By.id("confirm-title")).getText()).isEqualTo("Delete the stream scratch-1?");
        assertThat(driver().findElements(By.cssSelector("dialog[open] #confirm-reason")))
                .as("the API records no reason for a deletion, so none is asked").isEmpty();
        driver().findElement(By.id("confirm-cancel")).click();
        browser.await(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
        assertThat(store.readStream(StreamId.of("scratch-1"), ReadDirection.FORWARDS, 0, 10)).as("Back deletes nothing")
                .hasSize(1);

        driver().findElement(By.id("delete-stream")).click();
        browser.await(d -> !d.findElements(By.cssSelector("dialog[open] #confirm-action")).isEmpty());
        browser.screenshot("delete-stream");
        driver().findElement(By.id("confirm-action")).click();
        browser.await(d -> d.getCurrentUrl().endsWith("/console/streams"));
        assertThatThrownBy(() -> store.readStream(StreamId.of("scratch-1"), ReadDirection.FORWARDS, 0, 10))
                .isInstanceOf(StreamNotFoundException.class);
    }

    @Test
    void anEventIsReachedByPositionAndItsCausationLinkLeadsToTheCause() {
        AppendResult cause = append("chain-1", "Started", "{}", Metadata.EMPTY);
        String causeId = store.readStream(StreamId.of("chain-1"), dev.vellum.store.ReadDirection.FORWARDS, 0, 1)
                .getFirst().id().toString();
        AppendResult effect = append("chain-2", "Followed", "{}",
                new Metadata(causeId, causeId, java.util.Map.of("origin", "test")));
        logIn(Api.OPERATOR_TOKEN);
        driver().get(server.url() + "/console/streams");
        WebElement jump = browser.await(d -> d.findElement(By.id("jump")));
        jump.sendKeys(Long.toString(effect.position().value()), Keys.ENTER);
        browser.await(d -> d.findElement(By.id("title")).getText().equals("Followed at position "
                + effect.position().value()));
        driver().findElements(By.linkText(causeId)).stream()
                .filter(a -> a.getAttribute("href").contains("id=")).findFirst().orElseThrow().click();
        browser.await(d -> d.findElement(By.id("title")).getText().equals("Started at position "
                + cause.position().value()));
        browser.screenshot("event");
    }

    @Test
    void timeTravelShowsTheStateAsOfARevisionAndWhatChangedSinceAnother() {
        Api operator = Api.operator(server);
        operator.post("/api/commands/order/order-77", "{\"commandId\":\"t-1\",\"type\":\"PlaceOrder\",\"command\":"
                + "{\"orderId\":\"77\",\"customer\":\"ada\",\"amount\":12.50,\"currency\":\"EUR\"}}");
        operator.post("/api/commands/order/order-77", "{\"commandId\":\"t-2\",\"type\":\"ConfirmOrder\",\"command\":"
                + "{\"orderId\":\"77\",\"confirmedAt\":\"2026-01-02T03:04:05Z\"}}");
        logIn(Api.VIEWER_TOKEN);
        driver().get(server.url() + "/console/stream?name=order-77");
        browser.await(d -> d.findElements(By.id("time-travel")).size() == 1);
        driver().findElement(By.id("time-travel")).click();
        browser.await(d -> d.findElement(By.id("state-title")).getText().equals("State as of revision 1"));
        assertThat(driver().findElement(By.id("state")).getText()).contains("CONFIRMED");
        driver().findElement(By.id("earlier")).click();
        browser.await(d -> d.findElement(By.id("state-title")).getText().equals("State as of revision 0"));
        assertThat(driver().findElement(By.id("state")).getText()).contains("PLACED").contains("12.50");
        driver().findElement(By.id("compare")).sendKeys("1", Keys.ENTER);
        browser.await(d -> !d.findElements(By.xpath("//table//td[text()='status']")).isEmpty());
        assertThat(driver().getCurrentUrl()).contains("revision=0").contains("compare=1");
        browser.screenshot("time-travel");
    }

    @Test
    void theLiveTailShowsANewAppendAndPauses() {
        logIn(Api.OPERATOR_TOKEN);
        driver().get(server.url() + "/console/tail");
        browser.await(d -> d.findElement(By.id("tail-state")).getText().equals("following"));
        AppendResult placed = append("audit-1", "Audited", "{\"who\":\"tail\"}", Metadata.EMPTY);
        browser.await(d -> !d.findElements(By.cssSelector("#tail tr[data-position='" + placed.position().value()
                + "']")).isEmpty());
        browser.screenshot("tail");
        driver().findElement(By.id("category")).sendKeys("audit", Keys.ENTER);
        browser.await(d -> d.findElement(By.id("tail-state")).getText().equals("following"));
        driver().findElement(By.id("pause")).click();
        AppendResult whilePaused = append("audit-1", "Audited", "{\"who\":\"paused\"}", Metadata.EMPTY);
        assertThat(driver().findElement(By.id("pause")).getText()).isEqualTo("Resume");
        assertThat(driver().findElements(By.cssSelector("#tail tr"))).as("nothing shown while paused").isEmpty();
        driver().findElement(By.id("pause")).click();
        browser.await(d -> !d.findElements(By.cssSelector("#tail tr[data-position='"
                + whilePaused.position().value() + "']")).isEmpty());
        assertThat(driver().findElements(By.cssSelector("#tail tr"))).as("only the audit category").hasSize(1);
    }

    @Test
    void aViewerSeesNoActionButton() {
        append("viewed-1", "Seen", "{}", Metadata.EMPTY);
        logIn(Api.VIEWER_TOKEN);
        driver().get(server.url() + "/console/stream?name=viewed-1");
        browser.await(d -> d.findElements(By.cssSelector("#events article.event")).size() == 1);
        assertThat(driver().findElement(By.id("who")).getText()).isEqualTo("victor · viewer");
        assertThat(driver().findElements(By.id("delete-stream"))).isEmpty();
        assertThat(driver().findElements(By.cssSelector("button.danger"))).isEmpty();
        browser.screenshot("viewer-stream");
    }

    @Test
    void markupInEventsIsShownAsTextAndRunsNothing() {
        String script = "<script>window.__vellumXss = 'data-script'; alert(1)</script>";
        String image = "<img src=x onerror=\\\"window.__vellumXss='data-img'; alert(2)\\\">";
        String longWord = "x".repeat(20_000);
        String data = "{\"html\":\"" + script + "\",\"img\":\"" + image + "\",\"long\":\"" + longWord
                + "\",\"<b onmouseover=alert(3)>key</b>\":1}";
        Metadata metadata = new Metadata("<script>window.__vellumXss='correlation'</script>",
                "<img src=x onerror=\"window.__vellumXss='causation'\">",
                java.util.Map.of("note", "<svg onload=\"window.__vellumXss='header'\"></svg>", "long", longWord));
        AppendResult hostile = append("hostile-1", "Hostile", data, metadata);
        logIn(Api.OPERATOR_TOKEN);
        for (String page : List.of("/console/stream?name=hostile-1", "/console/event?position="
                + hostile.position().value(), "/console/tail")) {
            driver().get(server.url() + page);
            if (page.endsWith("tail")) {
                browser.await(d -> d.findElement(By.id("tail-state")).getText().equals("following"));
                append("hostile-1", "Hostile", data, metadata);
                browser.await(d -> !d.findElements(By.cssSelector("#tail tr td.data")).isEmpty());
            } else {
                browser.await(d -> !d.findElements(By.cssSelector("article.event pre.json")).isEmpty());
                assertThat(driver().findElement(By.cssSelector("article.event pre.json")).getText())
                        .as("the markup is shown as text").contains("<script>window.__vellumXss");
            }
            assertNothingRan();
            Long overflow = (Long) ((JavascriptExecutor) driver()).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("no horizontal scrolling on %s", page).isLessThanOrEqualTo(0L);
            browser.screenshot("xss-" + page.replaceAll("[^a-z]+", "-").toLowerCase(Locale.ROOT));
        }
    }

    private void assertNothingRan() {
        Object flag = ((JavascriptExecutor) driver()).executeScript("return window.__vellumXss;");
        assertThat(flag).as("no script of the event's ran").isNull();
        assertThat(driver().findElements(By.cssSelector("main script, main img, main svg:not(.chart)"))).isEmpty();
        try {
            driver().switchTo().alert();
            throw new AssertionError("an alert opened");
        } catch (NoAlertPresentException expected) {
            // nothing opened
        }
    }

    private void logIn(String token) {
        driver().manage().deleteAllCookies();
        driver().get(server.url() + "/?token=" + token);
        browser.await(d -> visibleText(d, "who"));
    }

    private WebDriver driver() {
        return browser.driver();
    }

    private static WebElement visibleText(WebDriver driver, String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return found.isEmpty() || found.getFirst().getText().isBlank() || found.getFirst().getText().equals("…")
                ? null : found.getFirst();
    }

    private static AppendResult append(String stream, String type, String data, Metadata metadata) {
        return store.append(StreamId.of(stream), ExpectedRevision.any(),
                new EventData(UUID.randomUUID(), type, data, metadata));
    }
}
