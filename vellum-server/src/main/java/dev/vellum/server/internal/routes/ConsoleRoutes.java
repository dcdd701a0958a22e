package dev.vellum.server.internal.routes;

import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The web console: a page shell per page, rendered on the server with its title and navigation,
 * and the console's own scripts and style sheet from the jar. The shells hold no data; each page's
 * script reads the HTTP API with the browser's login cookie and renders what it gets as text
 * (decision 23). Its content security policy lets only the console's own scripts, styles and API
 * calls run: no inline script, no other origin.
 */
public final class ConsoleRoutes implements RouteGroup {

    /** Where the console is served. */
    public static final String ROOT = "/console/";

    /** The console pages' policy: only its own files, and no framing. */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final String RESOURCES = "/dev/vellum/server/console/";

    /** The pages: path under {@link #ROOT}, then the page's name and title. */
    private static final Map<String, Page> PAGES = Map.ofEntries(
            Map.entry("", new Page("overview", "Overview")),
            Map.entry("streams", new Page("streams", "Streams")),
            Map.entry("stream", new Page("stream", "Stream")),
            Map.entry("event", new Page("event", "Event")),
            Map.entry("tail", new Page("tail", "Live tail")),
            Map.entry("history", new Page("history", "Time travel")),
            Map.entry("projections", new Page("projections", "Projections")),
            Map.entry("effects", new Page("effects", "Side effects")),
            Map.entry("timers", new Page("timers", "Processes and timers")),
            Map.entry("inboxes", new Page("inboxes", "Inboxes")),
            Map.entry("actions", new Page("actions", "Operator log")));

    /** The assets, all from {@link #RESOURCES}. */
    private static final Set<String> ASSETS = Set.of("console.css", "console.js", "dom.js", "api.js", "chart.js",
            "events.js", "overview.js", "streams.js", "stream.js", "tail.js", "history.js", "workers.js", "confirm.js",
            "parked.js", "projections.js", "effects.js", "timers.js", "inboxes.js", "actions.js");

    private record Page(String name, String title) {
    }

    private final String shell = resource("shell.html");

    @Override
    public void register(Routes routes) {
        PAGES.forEach((path, page) -> routes.page(ROOT + path, ctx -> page(ctx, page)));
        routes.page(ROOT + "assets/{file}", this::asset);
    }

    private void page(Context ctx, Page page) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(shell.replace("{{page}}", page.name()).replace("{{title}}", page.title()));
    }

    private void asset(Context ctx) {
        String file = ctx.pathParam("file");
        if (!ASSETS.contains(file)) {
            ctx.status(404);
            return;
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8");
        ctx.result(resource(file));
    }

    private static String resource(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("The console's " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
