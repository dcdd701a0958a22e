package dev.vellum.server.alerts;

import dev.vellum.worker.WorkerError;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Something wrong with one worker, from when it was seen until it recovers: the subject of one
 * {@link Alert} when it opens and one when it is resolved, both with the same {@link #id}.
 *
 * @param id stable for the incident's whole life: receivers de-duplicate on it
 * @param kind what went wrong
 * @param worker the worker's name
 * @param workerKind the worker's kind
 * @param state the worker's state when last looked at; {@code null} once it is no longer registered
 * @param lastError the worker's last error when last looked at; {@code null} when none
 * @param detail a short human description, e.g. {@code "2 parked events"}
 * @param node the node it runs on; {@code null} when unknown
 * @param since when the trouble began (as the alerts saw it)
 */
public record Incident(UUID id, IncidentKind kind, String worker, WorkerKind workerKind, WorkerState state,
        WorkerError lastError, String detail, String node, Instant since) {

    /** Checks that nothing required is missing. */
    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(workerKind, "workerKind");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(since, "since");
    }
}
