package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.server.Api.Answer;
import dev.vellum.sqlite.SqliteEventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's pages and assets over HTTP, without a browser: the shells are open (they hold no
 * data) and carry a policy that lets only the console's own files run; the API behind them still
 * needs credentials; a browser opening the login URL lands on the console with its cookie.
 */
class ConsoleRoutesTest {

    @TempDir
    Path directory;

    private SqliteEventStore store;
    private VellumServer server;

    @BeforeEach
    void start() {
        store = SqliteEventStore.open(directory.resolve("vellum.db"));
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void everyPageIsAShellWithThePageNameAndAStrictPolicy() {
        for (String page : new String[] {"", "streams", "stream?name=order-1", "event?id=x", "tail", "history",
            "projections", "effects", "timers", "inboxes", "actions"}) {
            Answer answer = Api.anonymous(server).get("/console/" + page);
            assertThat(answer.status()).as(page).isEqualTo(200);
            assertThat(answer.contentType()).startsWith("text/html");
            assertThat(answer.header("Content-Security-Policy")).contains("script-src 'self'")
                    .contains("default-src 'none'").doesNotContain("unsafe-inline");
            assertThat(answer.response().body()).contains("/console/assets/console.js").doesNotContain("{{");
        }
        assertThat(Api.anonymous(server).get("/console/streams").response().body())
                .contains("data-page=\"streams\"").contains("<title>Streams · Vellum</title>");
    }

    @Test
    void assetsAreServedWithTheirTypesAndNothingElseIs() {
        Answer script = Api.anonymous(server).get("/console/assets/console.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).startsWith("text/javascript");
        assertThat(Api.anonymous(server).get("/console/assets/console.css").contentType()).startsWith("text/css");
        assertThat(Api.anonymous(server).get("/console/assets/shell.html").status()).isEqualTo(404);
        assertThat(Api.anonymous(server).get("/console/assets/..%2Fopenapi.json").status()).isIn(400, 404);
    }

    @Test
    void theScriptsNeverWriteHtml() {
        for (String asset : new String[] {"console.js", "dom.js", "api.js", "chart.js", "events.js", "overview.js",
                "streams.js", "stream.js", "tail.js", "history.js",
            "workers.js", "confirm.js", "projections.js", "effects.js", "timers.js", "actions.js"}) {
            String source = Api.anonymous(server).get("/console/assets/" + asset).response().body();
            assertThat(source).as(asset).doesNotContain("innerHTML").doesNotContain("outerHTML")
                    .doesNotContain("insertAdjacentHTML").doesNotContain("document.write").doesNotContain("eval(");
        }
    }

    @Test
    void theLoginUrlSendsABrowserToTheConsoleAndTheApiStillNeedsCredentials() {
        Answer login = Api.anonymous(server).send(Api.anonymous(server).request("/?token=" + Api.VIEWER_TOKEN)
                .header("Accept", "text/html,application/xhtml+xml"));
        assertThat(login.status()).isIn(302, 303);
        assertThat(login.header("Location")).isEqualTo("/console/");
        assertThat(login.header("Set-Cookie")).contains("vellum_token=");
        assertThat(Api.anonymous(server).get("/api/store").status()).isEqualTo(401);
        assertThat(Api.as(server, Api.VIEWER_TOKEN).get("/").json().get("links").get("console").asText())
                .isEqualTo("/console/");
    }
}
