package dev.vellum.server.internal;

/**
 * The kinds of problem the server answers with (RFC 9457), each with its HTTP status and a stable
 * type URI, {@code urn:vellum:problem:SLUG}, that clients may switch on.
 */
public enum ProblemType {
    /** A request that cannot be parsed: malformed JSON, a missing field, a parameter that is not a number. */
    MALFORMED_REQUEST(400, "malformed-request", "Malformed request"),
    /** An event's data that is not one JSON value. */
    MALFORMED_EVENT_DATA(400, "malformed-event-data", "Event data is not JSON"),
    /** No credentials, or credentials that match no user. */
    UNAUTHORIZED(401, "unauthorized", "Authentication required"),
    /** A user whose role does not allow the request. */
    FORBIDDEN(403, "forbidden", "Not allowed for this role"),
    /** No resource at this path. */
    NOT_FOUND(404, "not-found", "No such resource"),
    /** A stream that does not exist (never written, or deleted). */
    STREAM_NOT_FOUND(404, "stream-not-found", "Stream not found"),
    /** An event id no append stored. */
    EVENT_NOT_FOUND(404, "event-not-found", "Event not found"),
    /** A revision the stream has no readable event at. */
    REVISION_NOT_FOUND(404, "revision-not-found", "Revision not found"),
    /** A command for an aggregate the application did not register. */
    AGGREGATE_NOT_FOUND(404, "aggregate-not-found", "Aggregate not found"),
    /** A worker no registry of this server holds. */
    WORKER_NOT_FOUND(404, "worker-not-found", "Worker not found"),
    /** A parked event (or an inbox's record) asked for at a position where the worker parked nothing. */
    PARKED_EVENT_NOT_FOUND(404, "parked-event-not-found", "Parked event not found"),
    /** An effect asked for by a key that waits for nothing (never requested, or already ended). */
    EFFECT_NOT_FOUND(404, "effect-not-found", "Effect not found"),
    /**
     * A cancel of a projection's rebuild when none runs (none started, or it took over first); nothing
     * changed. 404 like a parked event or an effect that is not there: the rebuild is the thing acted on.
     */
    REBUILD_NOT_FOUND(404, "rebuild-not-found", "No rebuild running"),
    /** A process instance its process manager never wrote (no stream), or whose stream was deleted. */
    PROCESS_INSTANCE_NOT_FOUND(404, "process-instance-not-found", "Process instance not found"),
    /** A path that exists, with another method. */
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    /** The live feed asked for without accepting {@code text/event-stream}. */
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    /** The stream is at another revision than expected; the problem carries the actual one. */
    WRONG_EXPECTED_REVISION(409, "wrong-expected-revision", "Wrong expected revision"),
    /** Event ids reused in a way that is not a retry. */
    IDEMPOTENCY_CONFLICT(409, "idempotency-conflict", "Event ids reused"),
    /** Other writers kept appending first, beyond the command handler's retries. */
    COMMAND_CONFLICT(409, "command-conflict", "Command conflict"),
    /** A control the worker's kind does not have (a reset of a timer scheduler, an approval on a projection). */
    CONTROL_NOT_SUPPORTED(409, "control-not-supported", "Control not supported"),
    /**
     * A rebuild of a projection that is not caught up and serving queries, or while a rebuild of it
     * runs; nothing changed.
     */
    REBUILD_REFUSED(409, "rebuild-refused", "Rebuild refused"),
    /**
     * A parked event or record retried that fails again (an inbox's record its translator still cannot
     * read); it stays parked, and nothing else changed.
     */
    PARKED_STILL_FAILS(409, "parked-still-fails", "Parked work still fails"),
    /** What only the node running a worker can show (its parked events, effects, timers), asked of another node. */
    WORKER_ELSEWHERE(409, "worker-elsewhere", "Worker runs on another node"),
    /** A tombstoned stream. */
    STREAM_DELETED(410, "stream-deleted", "Stream permanently deleted"),
    /** A request body over the server's limit. */
    REQUEST_TOO_LARGE(413, "request-too-large", "Request too large"),
    /** An event over the store's size limit. */
    EVENT_TOO_LARGE(413, "event-too-large", "Event too large"),
    /** An append whose events together are over the store's size limit per append. */
    APPEND_TOO_LARGE(413, "append-too-large", "Append too large"),
    /** A body that is not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    /** A stream name that breaks the naming rules. */
    INVALID_STREAM_NAME(422, "invalid-stream-name", "Invalid stream name"),
    /** An expected revision that is not any, no-stream, exists or a revision number. */
    INVALID_EXPECTED_REVISION(422, "invalid-expected-revision", "Invalid expected revision"),
    /** An invalid event: a bad type name, a duplicated id, an empty append. */
    INVALID_EVENT(422, "invalid-event", "Invalid event"),
    /** A deletion the stream cannot take, such as a truncation past its end. */
    INVALID_DELETION(422, "invalid-deletion", "Invalid deletion"),
    /** A parameter or field with a value out of its range, or a command the aggregate does not know. */
    INVALID_VALUE(422, "invalid-value", "Invalid value"),
    /** The store cannot be reached, or is closed; nothing was read or written. */
    STORE_UNAVAILABLE(503, "store-unavailable", "Store unavailable"),
    /** An append known not to be stored (it failed before its commit, or was rolled back); send it again. */
    APPEND_NOT_STORED(503, "append-not-stored", "Append not stored"),
    /** An append cut off while committing: it may or may not be stored; resend it with the same ids. */
    APPEND_OUTCOME_UNKNOWN(503, "append-outcome-unknown", "Append outcome unknown"),
    /** A failure the server did not expect; it is logged. */
    INTERNAL_ERROR(500, "internal-error", "Internal server error");

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The stable type URI. */
    public String uri() {
        return "urn:vellum:problem:" + slug;
    }

    /** A short, fixed summary. */
    public String title() {
        return title;
    }
}
