package dev.vellum.server.internal.workers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.decider.AggregateState;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.process.ProcessInstance;
import dev.vellum.process.RunningProcess;
import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Json;
import dev.vellum.server.internal.Limits;
import dev.vellum.server.internal.ProblemType;
import dev.vellum.server.internal.RequestException;
import dev.vellum.server.internal.Requests;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import dev.vellum.store.EventStore;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.store.StreamSummary;
import dev.vellum.worker.Worker;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A process manager's instances (viewer): the list, page by page from the store's catalog, and one
 * instance with its state, a page of its history (its events, each with the input that caused it:
 * the observed event itself, a command's result or a timer) and every timer it scheduled, in the
 * state its timer store keeps it. Asked of the node that runs the process manager, like its timers.
 */
public final class ProcessRoutes implements RouteGroup {

    private static final String BASE = "/api/workers/{worker}/instances";

    private final Workers workers;
    private final EventStore store;
    private final Limits limits;

    /** Routes over the process managers among {@code workers}, reading their instances' events from {@code store}. */
    public ProcessRoutes(Workers workers, EventStore store, Limits limits) {
        this.workers = workers;
        this.store = store;
        this.limits = limits;
    }

    @Override
    public void register(Routes routes) {
        routes.get(BASE, Access.VIEWER, this::list);
        routes.get(BASE + "/{instance}", Access.VIEWER, this::one);
    }

    private RunningProcess<?> process(Context ctx) {
        Worker worker = workers.runningHere(ctx.pathParam("worker"));
        if (!(worker instanceof RunningProcess<?> process)) {
            throw Workers.notKept(worker, "process instances", "process manager");
        }
        return process;
    }

    private void list(Context ctx) {
        RunningProcess<?> process = process(ctx);
        int limit = Requests.limit(ctx, limits.defaultPage(), limits.maxPage());
        List<ProcessInstance> page = process.instances(Requests.text(ctx, "after", ""), limit);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("worker", process.name());
        body.put("total", process.countInstances());
        ArrayNode items = body.putArray("instances");
        for (ProcessInstance instance : page) {
            StreamSummary s = instance.stream();
            items.addObject().put("id", instance.id()).put("stream", s.stream().value())
                    .put("lastRevision", s.lastRevision()).put("events", s.readableEvents())
                    .put("status", s.status().name().toLowerCase());
        }
        body.put("next", page.size() == limit ? page.getLast().id() : null);
        Json.answer(ctx, 200, body);
    }

    private void one(Context ctx) {
        RunningProcess<?> process = process(ctx);
        String id = ctx.pathParam("instance");
        StreamId stream = process.instanceStream(id);
        long from = Requests.number(ctx, "from", 0, 0, Long.MAX_VALUE);
        int limit = Requests.limit(ctx, limits.defaultPage(), limits.maxPage());
        List<RecordedEvent> page;
        try {
            page = store.readStream(stream, ReadDirection.FORWARDS, from, limit);
        } catch (StreamNotFoundException e) {
            throw new RequestException(ProblemType.PROCESS_INSTANCE_NOT_FOUND, "Process manager '" + process.name()
                    + "' has no instance '" + id + "' (no stream " + stream.value() + "): list its instances at "
                    + "/api/workers/" + process.name() + "/instances.");
        }
        AggregateState<?> state = process.instance(id);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("worker", process.name());
        body.put("id", id);
        body.put("stream", stream.value());
        body.put("revision", state.revision());
        body.set("state", Json.MAPPER.valueToTree(state.state()));
        ArrayNode history = body.putArray("history");
        Map<UUID, Optional<RecordedEvent>> observed = new HashMap<>();
        for (RecordedEvent event : page) {
            history.addObject().putPOJO("event", event).set("input", input(event, observed));
        }
        body.put("next", page.size() == limit ? Long.valueOf(page.getLast().revision() + 1) : null);
        ArrayNode timers = body.putArray("timers");
        process.timers(id).forEach(t -> timers.add(WorkerJson.timer(t)));
        Json.answer(ctx, 200, body);
    }

    /**
     * The input that made the instance record {@code event}: an event of the log it observed (its id
     * in the causation id, the event itself beside it), a command's result or a timer firing or expiring (named
     * by the {@code $command} header's prefix), as the process engine wrote them.
     */
    private ObjectNode input(RecordedEvent event, Map<UUID, Optional<RecordedEvent>> observed) {
        String command = event.metadata().headers().get(CommandMetadata.COMMAND_HEADER);
        Optional<RecordedEvent> seen = eventId(event.metadata().causationId())
                .flatMap(id -> observed.computeIfAbsent(id, store::readEvent));
        String kind = seen.isPresent() ? "observed"
                : command == null ? "unknown"
                : command.startsWith("result:") ? "command-result"
                : command.startsWith("timer:") ? "timer" : "unknown";
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("kind", kind);
        node.put("id", command);
        node.put("causationId", event.metadata().causationId());
        if (seen.isPresent()) {
            node.putPOJO("event", seen.get());
        } else {
            node.putNull("event");
        }
        return node;
    }

    private static Optional<UUID> eventId(String causationId) {
        if (causationId == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(causationId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
