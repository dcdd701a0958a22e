package dev.vellum.server.internal.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.process.RunningProcess;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionHandlerException;
import dev.vellum.projection.RunningProjection;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Caller;
import dev.vellum.server.internal.Json;
import dev.vellum.server.internal.Limits;
import dev.vellum.server.internal.ProblemType;
import dev.vellum.server.internal.RequestException;
import dev.vellum.server.internal.Requests;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.TimerScheduler;
import dev.vellum.worker.ActionOutcome;
import dev.vellum.worker.OperatorAction;
import dev.vellum.worker.ParkedWork;
import dev.vellum.worker.RecordedAction;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerElsewhereException;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerRegistry;
import io.javalin.http.Context;
import java.util.List;

/**
 * The workers of a {@link WorkerRegistry}: their statuses (viewer; a projection's also says which
 * generation serves and how far a rebuild has come), their parked work (a projection's events, an
 * inbox's records), pending effects, recorded outcomes and timers where their kind has them
 * (viewer), the operator's controls (operator), each recorded in the operator log with the
 * authenticated user as the actor, and that log (viewer).
 */
public final class WorkerRoutes implements RouteGroup {

    private static final String BASE = "/api/workers/{worker}";
    private static final int OUTCOMES_PAGE = 20;

    private final Workers workers;
    private final EventStore store;
    private final Limits limits;
    private final RecordedOutcomes outcomes;

    /** Routes over {@code workers}, reading failing events from {@code store}. */
    public WorkerRoutes(Workers workers, EventStore store, Limits limits) {
        this.workers = workers;
        this.store = store;
        this.limits = limits;
        this.outcomes = new RecordedOutcomes(store, limits.maxPage());
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/workers", Access.VIEWER, this::list);
        routes.get(BASE, Access.VIEWER, this::one);
        routes.get(BASE + "/parked", Access.VIEWER, this::parked);
        routes.get(BASE + "/effects", Access.VIEWER, this::effects);
        routes.get(BASE + "/timers", Access.VIEWER, this::timers);
        routes.get(BASE + "/outcomes", Access.VIEWER, this::outcomes);
        routes.post(BASE + "/pause", Access.OPERATOR, ctx -> act(ctx, WorkerControl.PAUSE, null));
        routes.post(BASE + "/resume", Access.OPERATOR, ctx -> act(ctx, WorkerControl.RESUME, null));
        routes.post(BASE + "/reset", Access.OPERATOR, ctx -> act(ctx, WorkerControl.RESET, null));
        routes.post(BASE + "/rebuild", Access.OPERATOR, ctx -> act(ctx, WorkerControl.REBUILD, null));
        routes.post(BASE + "/rebuild/cancel", Access.OPERATOR, ctx -> act(ctx, WorkerControl.CANCEL_REBUILD, null));
        routes.post(BASE + "/parked/{position}/retry", Access.OPERATOR,
                ctx -> act(ctx, WorkerControl.RETRY_PARKED, ctx.pathParam("position")));
        routes.post(BASE + "/parked/{position}/skip", Access.OPERATOR,
                ctx -> act(ctx, WorkerControl.SKIP_PARKED, ctx.pathParam("position")));
        routes.post(BASE + "/effects/{key}/approve", Access.OPERATOR,
                ctx -> act(ctx, WorkerControl.APPROVE_EFFECT, ctx.pathParam("key")));
        routes.post(BASE + "/effects/{key}/cancel", Access.OPERATOR,
                ctx -> act(ctx, WorkerControl.CANCEL_EFFECT, ctx.pathParam("key")));
        routes.get("/api/operator-actions", Access.VIEWER, this::actions);
    }

    private void list(Context ctx) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("node", workers.node());
        ArrayNode items = body.putArray("workers");
        workers.statuses().forEach(s -> items.add(WorkerJson.status(s)));
        Json.answer(ctx, 200, body);
    }

    private void one(Context ctx) {
        Worker worker = workers.get(ctx.pathParam("worker"));
        ObjectNode body = WorkerJson.status(workers.status(worker));
        ArrayNode controls = body.putArray("controls");
        worker.controls().stream().sorted().forEach(c -> controls.add(c.name()));
        if (worker.kind() == WorkerKind.PROJECTION) {
            body.set("projection", worker.runningHere().filter(RunningProjection.class::isInstance)
                    .map(w -> WorkerJson.projection((RunningProjection) w)).orElse(null));
        }
        Json.answer(ctx, 200, body);
    }

    /**
     * The work a worker parked, whatever its kind: the fields every kind has, then its kind's own
     * ({@link ParkedWork#details()}); a projection's event also comes whole, as the log holds it.
     */
    private void parked(Context ctx) {
        Worker worker = workers.runningHere(ctx.pathParam("worker"));
        if (!worker.controls().contains(WorkerControl.RETRY_PARKED)) {
            throw Workers.notKept(worker, "parked work", "projection or inbox");
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (ParkedWork parked : worker.parked()) {
            ObjectNode item = items.addObject();
            item.put("position", parked.position().value());
            parked.details().forEach(item::putPOJO);
            item.put("description", parked.description());
            item.put("error", parked.error());
            item.put("attempts", parked.attempts());
            item.put("parkedAt", parked.parkedAt().toString());
            if (parked instanceof ParkedEvent) {
                RecordedEvent event = failingEvent(parked.position());
                if (event == null) {
                    item.putNull("event");
                } else {
                    item.putPOJO("event", event);
                }
            }
        }
        answerList(ctx, "parked", items);
    }

    /** The event at {@code position}, or null when it is no longer in the log. */
    private RecordedEvent failingEvent(Position position) {
        List<RecordedEvent> event = store.readAll(Position.of(position.value() - 1), LogFilter.all(), 1);
        return !event.isEmpty() && event.getFirst().position().equals(position) ? event.getFirst() : null;
    }

    private void effects(Context ctx) {
        Worker worker = workers.runningHere(ctx.pathParam("worker"));
        if (!(worker instanceof RunningReactor reactor)) {
            throw Workers.notKept(worker, "effects", "reactor");
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        reactor.pendingEffects().forEach(e -> items.add(WorkerJson.effect(e)));
        answerList(ctx, "effects", items);
    }

    private void outcomes(Context ctx) {
        Worker worker = workers.get(ctx.pathParam("worker"));
        if (worker.kind() != WorkerKind.REACTOR) {
            throw Workers.notKept(worker, "recorded outcomes", "reactor");
        }
        int limit = Requests.limit(ctx, OUTCOMES_PAGE, limits.maxPage());
        RecordedOutcomes.Window window = outcomes.of(worker.name(), limit);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("worker", worker.name());
        body.put("after", window.after().value());
        body.put("head", window.head().value());
        body.putPOJO("outcomes", window.newestFirst());
        Json.answer(ctx, 200, body);
    }

    private void timers(Context ctx) {
        Worker worker = workers.runningHere(ctx.pathParam("worker"));
        List<StoredTimer> timers = switch (worker) {
            case RunningProcess<?> process -> process.pendingTimers();
            case TimerScheduler scheduler -> scheduler.pending();
            default -> throw Workers.notKept(worker, "timers", "process manager or timer scheduler");
        };
        ArrayNode items = Json.MAPPER.createArrayNode();
        timers.forEach(t -> items.add(WorkerJson.timer(t)));
        answerList(ctx, "timers", items);
    }

    private static void answerList(Context ctx, String field, ArrayNode items) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("worker", ctx.pathParam("worker"));
        body.set(field, items);
        Json.answer(ctx, 200, body);
    }

    /**
     * Carries out {@code control} as the authenticated user, answering 200 with the recorded outcome, or
     * 202 when it was sent to the node that runs the worker. A worker that moved to another node between
     * the registry's look and the control is sent the action again, through the operator log.
     */
    private void act(Context ctx, WorkerControl control, String target) {
        String user = Caller.of(ctx).name();
        String reason = reason(ctx);
        String worker = ctx.pathParam("worker");
        OperatorAction action = OperatorAction.of(worker, control, target, user, reason);
        ActionOutcome outcome;
        try {
            outcome = actOnce(action);
        } catch (WorkerElsewhereException e) {
            action = OperatorAction.of(worker, control, target, user, reason);
            outcome = actOnce(action);
        }
        ObjectNode body = WorkerJson.action(action);
        body.set("outcome", WorkerJson.outcome(outcome));
        Json.answer(ctx, outcome.result() == ActionOutcome.Result.SENT ? 202 : 200, body);
    }

    /**
     * Takes the action; a projection's parked event that fails again on retry answers as any parked
     * work that still fails (409 {@code parked-still-fails}: it stays parked, nothing else changed), not
     * as the handler failure it is in the process.
     */
    private ActionOutcome actOnce(OperatorAction action) {
        try {
            return workers.act(action);
        } catch (ProjectionHandlerException e) {
            if (action.control() != WorkerControl.RETRY_PARKED) {
                throw e;
            }
            throw new RequestException(ProblemType.PARKED_STILL_FAILS, e.getMessage());
        }
    }

    /** The optional {@code reason} of an action's body: none when the body is empty. */
    private String reason(Context ctx) {
        boolean none = ctx.contentLength() == 0 || ctx.contentType() == null && ctx.contentLength() < 0;
        if (none) {
            return null;
        }
        JsonNode body = Requests.jsonBody(ctx, limits.maxBodyBytes());
        if (!body.isObject()) {
            throw new RequestException(ProblemType.MALFORMED_REQUEST, "The body of an action is a JSON object, "
                    + "such as {\"reason\": \"fixed the handler\"}, or empty.");
        }
        JsonNode reason = body.get("reason");
        if (reason == null || reason.isNull()) {
            return null;
        }
        if (!reason.isTextual() || reason.asText().length() > 1_000) {
            throw new RequestException(ProblemType.INVALID_VALUE, "The reason is text of at most 1000 characters.");
        }
        return reason.asText().isBlank() ? null : reason.asText();
    }

    private void actions(Context ctx) {
        int limit = Requests.limit(ctx, limits.defaultPage(), limits.maxPage());
        long offset = Requests.number(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        List<RecordedAction> all = workers.actions();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("total", all.size());
        ArrayNode items = body.putArray("actions");
        int from = (int) Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        all.subList(from, to).forEach(a -> items.add(WorkerJson.recorded(a)));
        if (to < all.size()) {
            body.put("next", to);
        } else {
            body.putNull("next");
        }
        Json.answer(ctx, 200, body);
    }
}
