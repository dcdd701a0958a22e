package dev.vellum.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.decider.AggregateState;
import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Json;
import dev.vellum.server.internal.Requests;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import dev.vellum.store.StreamId;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Time travel: the state of a registered aggregate as of a revision of its stream (right after the
 * event at that revision), or now, folded by the aggregate's own decider through its command
 * handler, as a command would see it.
 */
final class StateRoutes implements RouteGroup {

    private final Map<String, CommandEndpoint<?, ?, ?>> endpoints;

    /** Routes over these endpoints, by aggregate name. */
    public StateRoutes(Map<String, CommandEndpoint<?, ?, ?>> endpoints) {
        this.endpoints = Map.copyOf(endpoints);
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/commands/{aggregate}/{stream}/state", Access.VIEWER, this::state);
    }

    private void state(Context ctx) {
        CommandEndpoint<?, ?, ?> endpoint = CommandRoutes.endpoint(endpoints, ctx.pathParam("aggregate"));
        StreamId stream = Requests.stream(ctx);
        Long revision = ctx.queryParam("revision") == null ? null
                : Requests.number(ctx, "revision", 0, 0, Long.MAX_VALUE);
        Json.answer(ctx, 200, state(endpoint, stream, revision));
    }

    private static <S> ObjectNode state(CommandEndpoint<?, S, ?> endpoint, StreamId stream, Long revision) {
        AggregateState<S> state = revision == null ? endpoint.handler().load(stream)
                : endpoint.handler().loadAsOf(stream, revision);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("aggregate", endpoint.aggregate());
        body.put("stream", stream.value());
        body.put("revision", state.revision());
        body.set("state", Json.MAPPER.valueToTree(state.state()));
        return body;
    }
}
