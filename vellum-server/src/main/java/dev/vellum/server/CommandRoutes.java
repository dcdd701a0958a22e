package dev.vellum.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.vellum.decider.AggregateState;
import dev.vellum.decider.CommandAnswers;
import dev.vellum.decider.CommandConflictException;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.decider.CommandStats;
import dev.vellum.decider.StateCacheStats;
import dev.vellum.decider.Decision;
import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Json;
import dev.vellum.server.internal.Limits;
import dev.vellum.server.internal.ProblemType;
import dev.vellum.server.internal.RequestException;
import dev.vellum.server.internal.Requests;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import dev.vellum.server.internal.ServerMetrics;
import dev.vellum.store.EventData;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Commands over HTTP for the aggregates an application registered: run one (answered with its
 * result), decide one without appending (a dry run), and optionally wait, bounded, until named
 * read models reach the command's position.
 */
final class CommandRoutes implements RouteGroup {

    /** The longest a request may wait for read models. */
    public static final long MAX_WAIT_MILLIS = 30_000;

    private final Map<String, CommandEndpoint<?, ?, ?>> endpoints;
    private final Map<String, CheckpointWaiter> projections;
    private final Limits limits;
    private final ServerMetrics metrics;

    /** Routes over these endpoints, by aggregate name, and read models, by name. */
    public CommandRoutes(Map<String, CommandEndpoint<?, ?, ?>> endpoints, Map<String, CheckpointWaiter> projections,
            Limits limits, ServerMetrics metrics) {
        this.endpoints = Map.copyOf(endpoints);
        this.projections = Map.copyOf(projections);
        this.limits = limits;
        this.metrics = metrics;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/commands", Access.VIEWER, this::list);
        routes.post("/api/commands/{aggregate}/{stream}", Access.OPERATOR, this::run);
    }

    private void list(Context ctx) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode aggregates = body.putArray("aggregates");
        endpoints.values().stream().sorted((a, b) -> a.aggregate().compareTo(b.aggregate())).forEach(e -> {
            ObjectNode aggregate = aggregates.addObject().put("name", e.aggregate());
            ArrayNode names = aggregate.putArray("commands");
            e.commandNames().stream().sorted().forEach(names::add);
            CommandStats stats = e.handler().stats(); // from counters: answers at once
            aggregate.putObject("stats").put("commands", stats.commands()).put("appends", stats.appends())
                    .put("conflicts", stats.conflicts()).put("retries", stats.retries()).put("reloads", stats.reloads())
                    .put("givenUp", stats.givenUp());
            StateCacheStats cache = e.handler().cacheStats();
            aggregate.putObject("cache").put("hits", cache.hits()).put("misses", cache.misses())
                    .put("stale", cache.stale()).put("entries", cache.entries()).put("capacity", cache.capacity());
            CommandAnswers answers = e.handler().answers();
            aggregate.putObject("answers").put("accepted", answers.accepted()).put("rejected", answers.rejected())
                    .put("failed", answers.failed()).put("seconds", answers.totalTime().toNanos() / 1e9);
        });
        ArrayNode readModels = body.putArray("projections");
        projections.keySet().stream().sorted().forEach(readModels::add);
        Json.answer(ctx, 200, body);
    }

    private void run(Context ctx) {
        CommandEndpoint<?, ?, ?> endpoint = endpoint(endpoints, ctx.pathParam("aggregate"));
        StreamId stream = Requests.stream(ctx);
        JsonNode body = Requests.jsonBody(ctx, limits.maxBodyBytes());
        Json.answer(ctx, 200, run(endpoint, stream, body));
    }

    /** The endpoint registered for {@code aggregate}. @throws RequestException 404 when there is none */
    static CommandEndpoint<?, ?, ?> endpoint(Map<String, CommandEndpoint<?, ?, ?>> endpoints, String aggregate) {
        CommandEndpoint<?, ?, ?> endpoint = endpoints.get(aggregate);
        if (endpoint == null) {
            throw new RequestException(ProblemType.AGGREGATE_NOT_FOUND, "No aggregate '" + aggregate
                    + "' is registered here; GET /api/commands lists those that are.");
        }
        return endpoint;
    }

    private <C, S, E> ObjectNode run(CommandEndpoint<C, S, E> endpoint, StreamId stream, JsonNode body) {
        String type = Requests.textField(body, "type");
        Class<? extends C> commandClass = endpoint.commandClass(type).orElseThrow(() -> new RequestException(
                ProblemType.INVALID_VALUE, "The aggregate '" + endpoint.aggregate() + "' has no command '" + type
                        + "': use one of " + endpoint.commandNames().stream().sorted().toList() + "."));
        C command = command(body.get("command"), commandClass, type);
        boolean dryRun = body.path("dryRun").asBoolean(false);
        if (dryRun) {
            return dryRun(endpoint, stream, command);
        }
        CommandMetadata metadata = metadata(body);
        List<CheckpointWaiter> waitFor = new ArrayList<>();
        List<String> waitNames = waitNames(body, waitFor);
        long waitMillis = Requests.numberField(body, "waitMillis", 5_000, 0, MAX_WAIT_MILLIS);
        long started = System.nanoTime();
        CommandResult<E> result;
        try {
            result = endpoint.handler().handle(stream, command, metadata);
        } catch (CommandConflictException e) {
            metrics.command(endpoint.aggregate(), "conflict", Duration.ofNanos(System.nanoTime() - started));
            throw e;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("commandId", metadata.commandId());
        switch (result) {
            case CommandResult.Accepted<E> accepted -> {
                metrics.command(endpoint.aggregate(), "accepted", Duration.ofNanos(System.nanoTime() - started));
                answer.put("outcome", "accepted");
                answer.set("events", events(endpoint, accepted.events()));
                answer.put("revision", accepted.revision());
                answer.put("position", accepted.position().value());
                if (!waitNames.isEmpty()) {
                    awaitReadModels(answer, waitNames, waitFor, accepted.position(), waitMillis);
                }
            }
            case CommandResult.Rejected<E> rejected -> {
                metrics.command(endpoint.aggregate(), "rejected", Duration.ofNanos(System.nanoTime() - started));
                answer.put("outcome", "rejected");
                answer.put("code", rejected.code());
                answer.put("reason", rejected.reason());
            }
        }
        return answer;
    }

    private <C, S, E> ObjectNode dryRun(CommandEndpoint<C, S, E> endpoint, StreamId stream, C command) {
        AggregateState<S> state = endpoint.handler().load(stream);
        Decision<E> decision = endpoint.decider().decide(command, state.state());
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("dryRun", true);
        answer.put("currentRevision", state.revision());
        switch (decision) {
            case Decision.Events<E> events -> {
                answer.put("outcome", "accepted");
                answer.set("events", events(endpoint, events.events()));
                answer.put("revision", state.revision() + events.events().size());
            }
            case Decision.Rejection<E> rejection -> {
                answer.put("outcome", "rejected");
                answer.put("code", rejection.code());
                answer.put("reason", rejection.reason());
            }
        }
        return answer;
    }

    private static <C> C command(JsonNode node, Class<? extends C> type, String name) {
        JsonNode fields = node == null || node.isNull() ? Json.MAPPER.createObjectNode() : node;
        if (!fields.isObject()) {
            throw new RequestException(ProblemType.MALFORMED_REQUEST, "The field 'command' must be an object "
                    + "with the fields of " + name + ".");
        }
        try {
            return Json.MAPPER.treeToValue(fields, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new RequestException(ProblemType.MALFORMED_REQUEST, "The fields of " + name
                    + " cannot be read: " + message);
        }
    }

    private static CommandMetadata metadata(JsonNode body) {
        String commandId = Requests.textField(body, "commandId");
        try {
            return new CommandMetadata(commandId, optionalText(body, "correlationId"), optionalText(body, "causationId"));
        } catch (IllegalArgumentException e) {
            throw new RequestException(ProblemType.INVALID_VALUE, e.getMessage());
        }
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new RequestException(ProblemType.MALFORMED_REQUEST, "The field '" + field + "' must be a string.");
        }
        return value.textValue();
    }

    private List<String> waitNames(JsonNode body, List<CheckpointWaiter> waiters) {
        JsonNode names = body.get("waitFor");
        if (names == null || names.isNull()) {
            return List.of();
        }
        if (!names.isArray()) {
            throw new RequestException(ProblemType.MALFORMED_REQUEST, "The field 'waitFor' must be an array of "
                    + "read model names.");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode name : names) {
            CheckpointWaiter waiter = projections.get(name.asText());
            if (!name.isTextual() || waiter == null) {
                throw new RequestException(ProblemType.INVALID_VALUE, "No read model '" + name.asText()
                        + "' can be waited for: use one of " + projections.keySet().stream().sorted().toList() + ".");
            }
            list.add(name.textValue());
            waiters.add(waiter);
        }
        return list;
    }

    private static void awaitReadModels(ObjectNode answer, List<String> names, List<CheckpointWaiter> waiters,
            Position position, long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        ObjectNode states = answer.putObject("projections");
        boolean all = true;
        for (int i = 0; i < names.size(); i++) {
            boolean reached;
            try {
                reached = waiters.get(i).awaitCheckpoint(position, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reached = false;
            }
            states.put(names.get(i), reached ? "caught-up" : "catching-up");
            all &= reached;
        }
        answer.put("caughtUp", all);
    }

    private static <E> ArrayNode events(CommandEndpoint<?, ?, E> endpoint, List<E> events) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (E event : events) {
            EventData data = endpoint.types().serialize(event);
            ObjectNode node = array.addObject();
            node.put("type", data.type());
            node.putRawValue("data", new RawValue(data.data()));
        }
        return array;
    }
}
