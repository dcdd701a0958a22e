package dev.vellum.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its chromedriver, both at the paths the packages
 * install them to; never a downloaded browser or driver (the paths are given, so Selenium Manager
 * has nothing to look up). Without them the browser tests are skipped with a message, except in CI
 * ({@code CI=true}), where {@code .ci/run} installs them and they must run. Public, in the server's
 * test jar, for vellum-demo's browser test.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final WebDriver driver;
    private final Path profile;

    private Browser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A new headless Chromium with a fresh profile; skips the test when Chromium is not installed outside CI. */
    public static Browser open() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && !"true".equals(System.getenv("CI"))) {
            Assumptions.abort("Browser tests skipped: " + CHROMIUM + " and " + CHROMEDRIVER + " are not installed "
                    + "(apt-get install chromium chromium-driver; in CI they are installed and these tests run)");
        }
        if (!installed) {
            throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: "
                    + ".ci/run installs the packages chromium and chromium-driver");
        }
        try {
            Path profile = Files.createTempDirectory("vellum-chromium-");
            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--window-size=1280,900");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The driver, to open pages and find elements. */
    public WebDriver driver() {
        return driver;
    }

    /** Waits up to 10 s for {@code condition} to give something other than null or false. */
    public <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Logs in at {@code serverUrl} with {@code token} (its login URL), and waits for the console to say who is in. */
    public void logIn(java.net.URI serverUrl, String token) {
        driver.manage().deleteAllCookies();
        driver.get(serverUrl + "/?token=" + token);
        await(d -> d.findElements(By.id("who")).stream().anyMatch(who -> !who.getText().isBlank()));
    }

    /** Confirms the open confirmation dialog with {@code reason}, and waits for it to close. */
    public void confirm(String reason) {
        WebElement field = await(d -> d.findElements(By.cssSelector("dialog[open] #confirm-reason")).stream()
                .findFirst().orElse(null));
        field.sendKeys(reason);
        screenshot("confirm-dialog");
        driver.findElement(By.id("confirm-action")).click();
        await(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
    }

    /** Saves the page as it looks now to {@code target/screenshots/NAME.png}. */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a profile left in the temp directory harms nothing
            }
        }
    }
}
