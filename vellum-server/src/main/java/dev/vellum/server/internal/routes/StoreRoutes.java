package dev.vellum.server.internal.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Json;
import dev.vellum.server.internal.Limits;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import dev.vellum.server.internal.Requests;
import dev.vellum.store.CategorySummary;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamSummary;
import io.javalin.http.Context;
import java.util.List;

/** The store as a whole: its head and stream count, its categories with their stream counts, its streams by name. */
public final class StoreRoutes implements RouteGroup {

    private final EventStore store;
    private final Limits limits;

    /** Routes over {@code store}. */
    public StoreRoutes(EventStore store, Limits limits) {
        this.store = store;
        this.limits = limits;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/store", Access.VIEWER, this::store);
        routes.get("/api/categories", Access.VIEWER, this::categories);
        routes.get("/api/streams", Access.VIEWER, this::streams);
    }

    private void store(Context ctx) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("head", store.head().value());
        body.put("streams", store.countStreams(""));
        Json.answer(ctx, 200, body);
    }

    private void categories(Context ctx) {
        int limit = Requests.limit(ctx, limits.defaultPage(), limits.maxPage());
        List<CategorySummary> page = store.listCategories(Requests.text(ctx, "after", ""), limit);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("categories");
        page.forEach(c -> items.addObject().put("name", c.name()).put("streams", c.streams()));
        body.put("next", page.size() == limit ? page.getLast().name() : null);
        Json.answer(ctx, 200, body);
    }

    private void streams(Context ctx) {
        int limit = Requests.limit(ctx, limits.defaultPage(), limits.maxPage());
        String prefix = Requests.text(ctx, "prefix", "");
        List<StreamSummary> page = store.listStreams(prefix, Requests.text(ctx, "after", ""), limit);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("total", store.countStreams(prefix));
        ArrayNode items = body.putArray("streams");
        for (StreamSummary s : page) {
            items.addObject().put("name", s.stream().value()).put("category", s.stream().category())
                    .put("lastRevision", s.lastRevision()).put("readableFrom", s.readableFrom())
                    .put("events", s.readableEvents()).put("status", s.status().name().toLowerCase());
        }
        body.put("next", page.size() == limit ? page.getLast().stream().value() : null);
        Json.answer(ctx, 200, body);
    }
}
