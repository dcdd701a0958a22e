package dev.vellum.server.internal.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Caller;
import dev.vellum.server.internal.Json;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import io.javalin.http.Context;

/**
 * {@code GET /}: who the caller is and where the resources are. The login URL points here: its
 * {@code ?token=} sets the login cookie, so later requests from the same browser need no header;
 * a browser (asking for HTML) is sent on to the web console.
 */
public final class IndexRoutes implements RouteGroup {

    @Override
    public void register(Routes routes) {
        routes.get("/", Access.VIEWER, IndexRoutes::index);
        routes.get("/openapi.json", Access.PUBLIC, ctx -> {
            ctx.contentType(Json.MEDIA_TYPE);
            ctx.result(IndexRoutes.class.getResourceAsStream("/dev/vellum/server/openapi.json"));
        });
    }

    private static void index(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/html")) {
            ctx.redirect(ConsoleRoutes.ROOT); // a browser (the login URL) lands on the console
            return;
        }
        Caller caller = Caller.of(ctx);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("name", "vellum");
        body.putObject("user").put("name", caller.name()).put("role", caller.role());
        ObjectNode links = body.putObject("links");
        links.put("store", "/api/store");
        links.put("categories", "/api/categories");
        links.put("streams", "/api/streams");
        links.put("log", "/api/log");
        links.put("live", "/api/log/live");
        links.put("health", "/health");
        links.put("metrics", "/metrics");
        links.put("openapi", "/openapi.json");
        links.put("console", ConsoleRoutes.ROOT);
        Json.answer(ctx, 200, body);
    }
}
