package dev.vellum.server.internal.routes;

import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Json;
import dev.vellum.server.internal.ProblemType;
import dev.vellum.server.internal.RequestException;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import dev.vellum.store.EventStore;
import io.javalin.http.Context;
import java.util.UUID;

/** One event by its id, with its metadata, wherever it is (also in a deleted stream). */
public final class EventRoutes implements RouteGroup {

    private final EventStore store;

    /** Routes over {@code store}. */
    public EventRoutes(EventStore store) {
        this.store = store;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/events/{id}", Access.VIEWER, this::event);
    }

    private void event(Context ctx) {
        String text = ctx.pathParam("id");
        UUID id;
        try {
            id = UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new RequestException(ProblemType.MALFORMED_REQUEST, "'" + text + "' is not an event id (a UUID).");
        }
        Json.answer(ctx, 200, store.readEvent(id).orElseThrow(() -> new RequestException(
                ProblemType.EVENT_NOT_FOUND, "No event has the id " + id + ": check it, or look it up in the log.")));
    }
}
