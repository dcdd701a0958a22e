package dev.vellum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.server.Browser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The web console in Debian's Chromium, headless, on {@code vellum demo --serve} itself (run as the
 * command line runs it, on a free port), doing what the demo's README tells a newcomer to do: see
 * every worker and the parked event's alert on the overview (its screenshot is the root README's),
 * the order-reminder process manager's instances with their history and timers, park an event by
 * placing an order in a currency without an exchange rate, fix the rates file and retry it from the
 * Projections page, and approve one of the emails waiting right after the start. Each test saves a
 * screenshot under {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleDemoBrowserTest {

    private static final Pattern LOGIN = Pattern.compile("Log in as operator: (http://\\S+)");
    private static final String REVENUE = "projection.order-revenue.v1";
    private static final String EMAILS = "reactor.approved-confirmation-email";
    private static final String REMINDERS = "process.orderreminder";

    @TempDir
    static Path dir;

    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
    private static PrintStream original;
    private static Thread serving;
    private static final AtomicInteger EXIT = new AtomicInteger(-1);
    private static URI login;
    private static URI url;

    private final HttpClient client = HttpClient.newHttpClient();
    private Browser browser;

    @BeforeAll
    static void serveTheDemo() throws Exception {
        original = System.out;
        System.setOut(new PrintStream(OUT, true, StandardCharsets.UTF_8));
        serving = Thread.ofPlatform().start(() -> EXIT.set(VellumDemoCli.run("demo", "--serve", "--data-dir",
                dir.toString(), "--orders", "6", "--port", "0")));
        login = URI.create(awaitPrinted(LOGIN));
        url = URI.create(login.getScheme() + "://" + login.getAuthority());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        serving.interrupt();
        serving.join(15_000);
        System.setOut(original);
        assertThat(EXIT.get()).as("vellum demo --serve exits 0 once stopped").isZero();
    }

    @BeforeEach
    void openBrowserAndLogIn() {
        browser = Browser.open();
        browser.driver().get(login.toString());
        browser.await(d -> {
            WebElement who = first(d, By.id("who"));
            return who != null && !who.getText().isBlank();
        });
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1) // first, while only the demo's own event is parked: its picture is the root README's
    void theOverviewShowsTheDemosWorkersAndTheAlertOfItsParkedEvent() {
        browser.driver().get(url + "/console/");
        browser.await(d -> d.findElements(By.cssSelector("#overview-workers tr[data-worker]")).size() >= 5);
        for (String worker : List.of("projection.order-summary.v1", REVENUE, "reactor.confirmation-email", EMAILS,
                REMINDERS)) {
            assertThat(first(browser.driver(), By.cssSelector("#overview-workers tr[data-worker='" + worker + "']")))
                    .as(worker).isNotNull();
        }
        WebElement alert = browser.await(d -> first(d, By.xpath("//*[@id='open-alerts']//tr[contains(., '" + REVENUE
                + "')]")));
        assertThat(alert.getText()).contains("1 parked event").doesNotContain("1 parked events");
        browser.driver().manage().window().setSize(new Dimension(1280, 1700)); // the whole overview in one picture
        browser.await(d -> !d.findElement(By.id("rate")).getText().equals("…")); // the rate needs two samples
        browser.screenshot("demo-overview");
    }

    @Test
    void theReminderProcessShowsItsInstancesWithHistoryAndTimers() {
        browser.driver().get(url + "/console/timers");
        WebElement waiting = browser.await(d -> instanceRow(d, "o2"));
        assertThat(waiting.getText()).contains("orderreminder-o2");
        waiting.findElement(By.cssSelector("button.show-instance")).click();
        browser.await(d -> first(d, By.cssSelector(".instance-detail")));
        browser.await(d -> d.findElement(By.cssSelector(".instance-detail")).getText().contains("WAITING"));
        assertThat(browser.driver().findElement(By.cssSelector(".instance-detail")).getText())
                .contains("ReminderScheduled").contains("OrderPlaced").contains("remind").contains("pending");
        screenshotOf(By.cssSelector(".instance-detail"), "demo-reminder-waiting");

        browser.await(d -> instanceRow(d, "o1")).findElement(By.cssSelector("button.show-instance")).click();
        browser.await(d -> d.findElement(By.cssSelector(".instance-detail")).getText().contains("CANCELLED"));
        assertThat(browser.driver().findElement(By.cssSelector(".instance-detail")).getText())
                .contains("ReminderCancelled").contains("cancelled");
        screenshotOf(By.cssSelector(".instance-detail"), "demo-reminder-cancelled");
    }

    @Test
    void anOrderInACurrencyWithoutARateParksAndARetryAfterTheFixClearsIt() throws Exception {
        HttpResponse<String> placed = client.send(HttpRequest.newBuilder(url.resolve("/api/commands/order/order-jpy-1"))
                .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"commandId\":\"c-jpy-1\",\"type\":\"PlaceOrder\","
                        + "\"command\":{\"orderId\":\"jpy-1\",\"customer\":\"eve@example.com\",\"amount\":2500,"
                        + "\"currency\":\"JPY\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(placed.body()).contains("\"outcome\":\"accepted\"");
        browser.driver().get(url + "/console/projections");
        WebElement row = browser.await(d -> parkedRow(d, "order-jpy-1"));
        assertThat(row.getText()).contains("No exchange rate for JPY").contains("exchange-rates.properties");
        assertThat(parkedRow(browser.driver(), "order-chf-1")).as("the one the demo parks at start").isNotNull();
        screenshotOf(By.id("parked-" + REVENUE), "demo-parked");

        Files.writeString(dir.resolve("exchange-rates.properties"), "JPY=0.0062\n", StandardOpenOption.APPEND);
        row.findElement(By.cssSelector("button.retry")).click();
        confirm("added the JPY rate");
        browser.await(d -> parkedRow(d, "order-jpy-1") == null);
        assertThat(parkedRow(browser.driver(), "order-chf-1")).as("CHF still has no rate").isNotNull();
        screenshotOf(By.id("parked-" + REVENUE), "demo-parked-retried");
    }

    @Test
    void anEmailWaitsForApprovalRightAfterTheStartAndItsOutcomeAppearsOnceApproved() {
        browser.driver().get(url + "/console/effects");
        WebElement pending = browser.await(d -> first(d, By.xpath("//*[@id='effects-" + EMAILS
                + "']//tr[@data-key][contains(., '\"o3\"')]")));
        assertThat(pending.getText()).contains("waiting for approval");
        screenshotOf(By.id("effects-" + EMAILS), "demo-effects-pending");
        pending.findElement(By.cssSelector("button.approve")).click();
        confirm("the customer asked for it");
        WebElement outcome = browser.await(d -> first(d, By.xpath("//*[@id='outcomes-" + EMAILS
                + "']//tr[contains(., 'confirmationemail-o3')]")));
        assertThat(outcome.getText()).contains("ConfirmationEmailSent");
        screenshotOf(By.id("outcomes-" + EMAILS), "demo-effects-approved");
    }

    /** Scrolls what {@code by} finds into view (the panels are below the fold), then saves a screenshot. */
    private void screenshotOf(By by, String name) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView({block: 'center'})",
                browser.driver().findElement(by));
        browser.screenshot(name);
    }

    private static String token() {
        return login.getQuery().substring("token=".length());
    }

    /** Confirms the open confirmation dialog with a reason. */
    private void confirm(String reason) {
        WebElement field = browser.await(d -> first(d, By.cssSelector("dialog[open] #confirm-reason")));
        field.sendKeys(reason);
        browser.driver().findElement(By.id("confirm-action")).click();
        browser.await(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
    }

    private static WebElement instanceRow(WebDriver driver, String id) {
        return first(driver, By.cssSelector("#instances-" + cssEscape(REMINDERS) + " tr[data-instance='" + id + "']"));
    }

    private static WebElement parkedRow(WebDriver driver, String stream) {
        return first(driver, By.xpath("//*[@id='parked-" + REVENUE + "']//tr[@data-position][contains(., '"
                + stream + "')]"));
    }

    private static String cssEscape(String id) {
        return id.replace(".", "\\.");
    }

    private static WebElement first(WebDriver driver, By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static String awaitPrinted(Pattern line) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = line.matcher(OUT.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never printed " + line + ": " + OUT.toString(StandardCharsets.UTF_8));
    }
}
