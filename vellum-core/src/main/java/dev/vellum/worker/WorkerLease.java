package dev.vellum.worker;

import java.util.Objects;

/**
 * The lease a worker runs under when several nodes share one database (vellum-postgres {@code Leases}).
 *
 * @param name the lease's name, e.g. {@code reactor.confirmation-email}
 * @param owner the node that holds it
 * @param token its fencing token, which grows with each owner
 */
public record WorkerLease(String name, String owner, long token) {

    /** Checks the values. */
    public WorkerLease {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
    }
}
