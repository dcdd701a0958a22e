package dev.vellum.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.decider.CommandConflictException;
import dev.vellum.decider.RevisionNotFoundException;
import dev.vellum.projection.ParkedEventNotFoundException;
import dev.vellum.projection.ProjectionRebuildException;
import dev.vellum.projection.RebuildNotFoundException;
import dev.vellum.reactor.EffectNotFoundException;
import dev.vellum.store.AppendNotStoredException;
import dev.vellum.store.AppendOutcomeUnknownException;
import dev.vellum.store.AppendTooLargeException;
import dev.vellum.store.EventTooLargeException;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.IdempotencyConflictException;
import dev.vellum.store.InvalidDeletionException;
import dev.vellum.store.InvalidEventException;
import dev.vellum.store.InvalidExpectedRevisionException;
import dev.vellum.store.InvalidStreamIdException;
import dev.vellum.store.MalformedJsonException;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.store.WrongExpectedRevisionException;
import dev.vellum.worker.ControlNotSupportedException;
import dev.vellum.worker.InvalidOperatorActionException;
import dev.vellum.worker.ParkedStillFailsException;
import dev.vellum.worker.UnknownWorkerException;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns an exception into an RFC 9457 problem document, {@code application/problem+json}. */
public final class Problems {

    /** The media type of a problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /** The problem type for {@code error}: {@link ProblemType#INTERNAL_ERROR} for what no type names. */
    public static ProblemType typeOf(Throwable error) {
        return switch (error) {
            case RequestException e -> e.type();
            case WrongExpectedRevisionException e -> ProblemType.WRONG_EXPECTED_REVISION;
            case IdempotencyConflictException e -> ProblemType.IDEMPOTENCY_CONFLICT;
            case CommandConflictException e -> ProblemType.COMMAND_CONFLICT;
            case StreamNotFoundException e -> ProblemType.STREAM_NOT_FOUND;
            case RevisionNotFoundException e -> ProblemType.REVISION_NOT_FOUND;
            case StreamDeletedException e -> ProblemType.STREAM_DELETED;
            case EventTooLargeException e -> ProblemType.EVENT_TOO_LARGE;
            case AppendTooLargeException e -> ProblemType.APPEND_TOO_LARGE;
            case MalformedJsonException e -> ProblemType.MALFORMED_EVENT_DATA;
            case InvalidEventException e -> ProblemType.INVALID_EVENT;
            case InvalidStreamIdException e -> ProblemType.INVALID_STREAM_NAME;
            case InvalidExpectedRevisionException e -> ProblemType.INVALID_EXPECTED_REVISION;
            case AppendOutcomeUnknownException e -> ProblemType.APPEND_OUTCOME_UNKNOWN;
            case StoreUnavailableException e -> ProblemType.STORE_UNAVAILABLE;
            case AppendNotStoredException e -> ProblemType.APPEND_NOT_STORED;
            case InvalidDeletionException e -> ProblemType.INVALID_DELETION;
            case StoreClosedException e -> ProblemType.STORE_UNAVAILABLE;
            case UnknownWorkerException e -> ProblemType.WORKER_NOT_FOUND;
            case ControlNotSupportedException e -> ProblemType.CONTROL_NOT_SUPPORTED;
            case ProjectionRebuildException e -> ProblemType.REBUILD_REFUSED;
            case RebuildNotFoundException e -> ProblemType.REBUILD_NOT_FOUND;
            case InvalidOperatorActionException e -> ProblemType.INVALID_VALUE;
            case ParkedEventNotFoundException e -> ProblemType.PARKED_EVENT_NOT_FOUND;
            case ParkedStillFailsException e -> ProblemType.PARKED_STILL_FAILS;
            case EffectNotFoundException e -> ProblemType.EFFECT_NOT_FOUND;
            default -> ProblemType.INTERNAL_ERROR;
        };
    }

    /** Answers {@code ctx} with the problem {@code error} stands for. */
    public static void answer(Context ctx, Throwable error) {
        ProblemType type = typeOf(error);
        String detail;
        if (type == ProblemType.INTERNAL_ERROR) {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), error);
            detail = "The server failed on this request; its log has the cause.";
        } else {
            detail = error.getMessage();
        }
        ObjectNode problem = document(type, detail, ctx.path());
        if (error instanceof WrongExpectedRevisionException e) {
            problem.put("stream", e.stream().value());
            if (e.expected() instanceof ExpectedRevision.Exact exact) {
                problem.put("expectedRevision", exact.revision()); // a number, as the request gave it
            } else {
                problem.put("expectedRevision", e.expected().toString());
            }
            problem.put("actualRevision", e.actualRevision());
        }
        if (error instanceof UnknownWorkerException e) {
            problem.put("worker", e.worker());
        }
        if (error instanceof ControlNotSupportedException e) {
            problem.put("worker", e.worker());
            problem.put("control", e.control().name());
        }
        if (type == ProblemType.UNAUTHORIZED) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"vellum\", Basic realm=\"vellum\", charset=\"UTF-8\"");
        }
        write(ctx, type.status(), problem);
    }

    /** A problem document of {@code type}. */
    public static ObjectNode document(ProblemType type, String detail, String instance) {
        ObjectNode problem = Json.MAPPER.createObjectNode();
        problem.put("type", type.uri());
        problem.put("title", type.title());
        problem.put("status", type.status());
        problem.put("detail", detail);
        problem.put("instance", instance);
        return problem;
    }

    /** Writes a problem document with its status and media type. */
    public static void write(Context ctx, int status, ObjectNode problem) {
        ctx.status(status);
        ctx.contentType(MEDIA_TYPE);
        ctx.result(Json.bytes(problem));
    }
}
