package dev.vellum.server.internal.routes;

import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.EventJson;
import dev.vellum.server.internal.Json;
import dev.vellum.server.internal.Limits;
import dev.vellum.server.internal.Requests;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The global log: a page of events after a position, filtered by categories and types. */
public final class LogRoutes implements RouteGroup {

    private final EventStore store;
    private final Limits limits;

    /** Routes over {@code store}. */
    public LogRoutes(EventStore store, Limits limits) {
        this.store = store;
        this.limits = limits;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/log", Access.VIEWER, this::read);
    }

    private void read(Context ctx) {
        Position after = Position.of(Requests.number(ctx, "after", 0, 0, Long.MAX_VALUE));
        int limit = Requests.limit(ctx, limits.defaultPage(), limits.maxPage());
        long readable = store.head().value(); // before the read, which sees every event up to it
        List<RecordedEvent> page = store.readAll(after, filter(ctx), limit);
        long last = page.isEmpty() ? after.value() : page.getLast().position().value();
        // A short page holds every event the filter keeps up to `readable`, so the next one starts there:
        // a poller with a filter that matches little would otherwise scan the same stretch of log again.
        long next = page.size() < limit ? Math.max(last, readable) : last;
        long head = Math.max(readable, last);
        Json.stream(ctx, 200, out -> {
            out.writeStartObject();
            EventJson.writeArray("events", page, out);
            out.writeNumberField("next", next);
            out.writeNumberField("head", head);
            out.writeEndObject();
        });
    }

    /** The filter of the repeatable query parameters {@code category} and {@code type}. */
    static LogFilter filter(Context ctx) {
        Set<String> categories = new HashSet<>(ctx.queryParams("category"));
        Set<String> types = new HashSet<>(ctx.queryParams("type"));
        return new LogFilter(categories, types);
    }
}
