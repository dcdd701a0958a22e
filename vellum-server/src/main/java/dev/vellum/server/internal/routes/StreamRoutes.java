package dev.vellum.server.internal.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Caller;
import dev.vellum.server.internal.EventBodies;
import dev.vellum.server.internal.EventJson;
import dev.vellum.server.internal.Json;
import dev.vellum.server.internal.Limits;
import dev.vellum.server.internal.ProblemType;
import dev.vellum.server.internal.Problems;
import dev.vellum.server.internal.RequestException;
import dev.vellum.server.internal.Requests;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import dev.vellum.server.internal.ServerMetrics;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamReader;
import dev.vellum.store.VellumException;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream: read it forwards or backwards from a revision, append to it under an expected
 * revision (idempotent by event ids), delete, tombstone or truncate it.
 */
public final class StreamRoutes implements RouteGroup {

    private static final Logger LOG = LoggerFactory.getLogger(StreamRoutes.class);

    private final EventStore store;
    private final Limits limits;
    private final ServerMetrics metrics;

    /** Routes over {@code store}. */
    public StreamRoutes(EventStore store, Limits limits, ServerMetrics metrics) {
        this.store = store;
        this.limits = limits;
        this.metrics = metrics;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/streams/{stream}", Access.VIEWER, this::read);
        routes.post("/api/streams/{stream}", Access.OPERATOR, this::append);
        routes.delete("/api/streams/{stream}", Access.OPERATOR, this::delete);
        routes.post("/api/streams/{stream}/truncate", Access.OPERATOR, this::truncate);
    }

    private void read(Context ctx) {
        StreamId stream = Requests.stream(ctx);
        ReadDirection direction = switch (Requests.text(ctx, "direction", "forwards").toLowerCase(Locale.ROOT)) {
            case "forwards" -> ReadDirection.FORWARDS;
            case "backwards" -> ReadDirection.BACKWARDS;
            default -> throw new RequestException(ProblemType.INVALID_VALUE,
                    "The parameter 'direction' must be forwards or backwards.");
        };
        boolean forwards = direction == ReadDirection.FORWARDS;
        long from = Requests.number(ctx, "from", forwards ? 0 : StreamReader.END, 0, Long.MAX_VALUE);
        int limit = Requests.limit(ctx, limits.defaultPage(), limits.maxPage());
        List<RecordedEvent> page = store.readStream(stream, direction, from, limit);
        Long next = page.size() < limit ? null : next(page.getLast().revision(), forwards);
        Json.stream(ctx, 200, out -> {
            out.writeStartObject();
            out.writeStringField("stream", stream.value());
            out.writeStringField("direction", direction.name().toLowerCase(Locale.ROOT));
            EventJson.writeArray("events", page, out);
            out.writeFieldName("next");
            if (next == null) {
                out.writeNull();
            } else {
                out.writeNumber(next);
            }
            out.writeEndObject();
        });
    }

    /** The revision the page after a full one starts at, or null when a backwards read reached revision 0. */
    private static Long next(long last, boolean forwards) {
        return forwards ? Long.valueOf(last + 1) : last > 0 ? Long.valueOf(last - 1) : null;
    }

    /**
     * Queues the append on the store's writer and frees the request's thread: the answer is written
     * when the append's future completes, so concurrent requests wait in the writer's queue, not each
     * on a parked thread of Jetty's pool.
     */
    private void append(Context ctx) {
        StreamId stream;
        List<EventData> events;
        ExpectedRevision expected;
        try {
            stream = Requests.stream(ctx);
            JsonNode body = Requests.jsonBody(ctx, limits.maxBodyBytes());
            expected = expected(body);
            events = EventBodies.events(body.get("events"));
        } catch (VellumException e) {
            metrics.appendRefused(Problems.typeOf(e));
            throw e;
        }
        long started = System.nanoTime();
        ctx.future(() -> store.appendAsync(stream, expected, events).handle((result, error) -> {
            if (error == null) {
                metrics.appended(events.size(), Duration.ofNanos(System.nanoTime() - started));
                ObjectNode answer = Json.MAPPER.createObjectNode();
                answer.put("stream", stream.value());
                answer.put("revision", result.revision());
                answer.put("position", result.position().value());
                Json.answer(ctx, 200, answer);
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof VellumException) {
                    metrics.appendRefused(Problems.typeOf(cause));
                }
                Problems.answer(ctx, cause);
            }
            return null;
        }));
    }

    private void delete(Context ctx) {
        StreamId stream = Requests.stream(ctx);
        ExpectedRevision expected = ExpectedRevision.parse(Requests.text(ctx, "expectedRevision", "any"));
        Deletion deletion = switch (Requests.text(ctx, "mode", "soft").toLowerCase(Locale.ROOT)) {
            case "soft" -> Deletion.soft();
            case "tombstone" -> Deletion.tombstone();
            default -> throw new RequestException(ProblemType.INVALID_VALUE,
                    "The parameter 'mode' must be soft or tombstone; truncate with POST .../truncate.");
        };
        store.delete(stream, expected, deletion);
        deleted(ctx, stream, deletion);
    }

    private void truncate(Context ctx) {
        StreamId stream = Requests.stream(ctx);
        JsonNode body = Requests.jsonBody(ctx, limits.maxBodyBytes());
        JsonNode before = body.get("before");
        if (before == null || !before.canConvertToLong() || !before.isIntegralNumber()) {
            throw new RequestException(ProblemType.MALFORMED_REQUEST,
                    "The field 'before' must be the first revision stream reads keep, a whole number.");
        }
        if (before.longValue() < 0) {
            throw new RequestException(ProblemType.INVALID_VALUE, "The field 'before' must be 0 or more, got "
                    + before.longValue() + ".");
        }
        Deletion deletion = Deletion.truncateBefore(before.longValue());
        store.delete(stream, expected(body), deletion);
        deleted(ctx, stream, deletion);
    }

    /** Answers a deletion done, and logs who did it: the events it hides stay in the log, but not who hid them. */
    private static void deleted(Context ctx, StreamId stream, Deletion deletion) {
        String how = switch (deletion) {
            case Deletion.Soft soft -> "deleted";
            case Deletion.Tombstone tombstone -> "tombstoned";
            case Deletion.TruncateBefore truncate -> "truncated before revision " + truncate.revision();
        };
        LOG.info("Stream '{}' {} over HTTP by {}", stream.value(), how, Caller.of(ctx).name());
        ctx.status(204);
    }

    private static ExpectedRevision expected(JsonNode body) {
        JsonNode value = body.get("expectedRevision");
        if (value == null) {
            return ExpectedRevision.any();
        }
        if (value.isIntegralNumber()) {
            // past a long, longValue() would wrap to another revision: refused as its text form is
            return value.canConvertToLong() ? ExpectedRevision.exactly(value.longValue())
                    : ExpectedRevision.parse(value.asText());
        }
        if (!value.isTextual()) {
            throw new RequestException(ProblemType.MALFORMED_REQUEST, "The field 'expectedRevision' must be "
                    + "'any', 'no-stream', 'exists' or a revision number.");
        }
        return ExpectedRevision.parse(value.textValue());
    }
}
