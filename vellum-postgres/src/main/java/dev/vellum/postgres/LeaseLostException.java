package dev.vellum.postgres;

import dev.vellum.projection.ProjectionException;
import dev.vellum.time.PermanentFailure;

/**
 * A unit of work of a leased projection, reactor or process manager (a batch, a checkpoint, an
 * outbox or timer write) was refused because this instance no longer holds the lease: another
 * instance took it over (this one missed its heartbeats, or was paused longer than the lease lasts).
 * Nothing of the unit of work was written; the runner stops here and runs on the lease's new owner.
 * Retrying cannot cure it ({@link PermanentFailure}): a reactor or process manager stops at once
 * rather than retrying the event. See {@link Leases}.
 */
public class LeaseLostException extends ProjectionException implements PermanentFailure {

    private static final long serialVersionUID = 1L;

    /** A refusal for lease {@code lease}, which {@code owner} held with fencing token {@code token}. */
    public LeaseLostException(String lease, String owner, long token) {
        super("Instance '" + owner + "' lost the lease '" + lease + "' (token " + token
                + "): another instance runs it now. Nothing was written; no action needed unless this repeats,"
                + " in which case give the lease a longer time to live.");
    }
}
