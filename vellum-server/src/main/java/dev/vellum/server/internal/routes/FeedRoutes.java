package dev.vellum.server.internal.routes;

import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Json;
import dev.vellum.server.internal.ProblemType;
import dev.vellum.server.internal.RequestException;
import dev.vellum.server.internal.Requests;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import dev.vellum.store.EventStore;
import dev.vellum.store.Position;
import dev.vellum.store.Subscription;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live feed of the log as Server-Sent Events: one {@code event} message per event, its id the
 * event's position, so a client that reconnects with {@code Last-Event-ID} (as browsers do by
 * themselves) resumes after the last one it got. Without it, {@code ?after=POSITION} says where to
 * start; without either, the feed starts at the head. {@code category} and {@code type} filter it.
 * A subscription per client reads the log, at the pace the client takes the events.
 */
public final class FeedRoutes implements RouteGroup {

    /** The request attribute holding where the feed starts, as the check before it parsed it. */
    private static final String START = "vellum.feed.start";

    private final EventStore store;
    private final Set<Subscription> open = ConcurrentHashMap.newKeySet();

    /** Routes over {@code store}. */
    public FeedRoutes(EventStore store) {
        this.store = store;
    }

    @Override
    public void register(Routes routes) {
        routes.sse("/api/log/live", Access.VIEWER, ctx -> {
            Position start = start(ctx);
            acceptsEventStream(ctx);
            ctx.attribute(START, start);
        }, this::follow);
    }

    private void follow(SseClient client) {
        Context ctx = client.ctx();
        Position after = ctx.attribute(START);
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        client.keepAlive();
        client.onClose(() -> {
            Subscription s = subscription.get();
            if (s != null) {
                open.remove(s);
                // closing waits for the event being handled, which may be this very write: not on its thread
                Thread.startVirtualThread(s::close);
            }
        });
        client.sendComment("following the log after position " + after.value());
        subscription.set(store.subscribe(after, LogRoutes.filter(ctx), event -> {
            if (client.terminated()) {
                throw new IOException("the client went away");
            }
            client.sendEvent("event", Json.MAPPER.writeValueAsString(event),
                    Long.toString(event.position().value()));
        }));
        open.add(subscription.get());
        if (client.terminated()) {
            open.remove(subscription.get());
            subscription.get().close();
        }
    }

    /** Ends every feed's subscription, when the server stops. */
    public void closeAll() {
        open.forEach(Subscription::close);
        open.clear();
    }

    /** Javalin opens the stream only for a client that accepts it, and answers others an empty 200: say why instead. */
    private static void acceptsEventStream(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new RequestException(ProblemType.NOT_ACCEPTABLE, "The live feed is Server-Sent Events: send "
                    + "'Accept: text/event-stream' (browsers' EventSource does).");
        }
    }

    private Position start(Context ctx) {
        String lastEventId = ctx.header("Last-Event-ID");
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                return Position.of(Long.parseLong(lastEventId.strip()));
            } catch (IllegalArgumentException e) {
                throw new RequestException(ProblemType.MALFORMED_REQUEST, "Last-Event-ID must be a position "
                        + "(a whole number of 0 or more), got '" + lastEventId + "'.");
            }
        }
        return ctx.queryParam("after") == null ? store.head()
                : Position.of(Requests.number(ctx, "after", 0, 0, Long.MAX_VALUE));
    }
}
