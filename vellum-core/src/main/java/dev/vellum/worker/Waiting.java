package dev.vellum.worker;

import dev.vellum.store.Position;
import java.time.Instant;
import java.util.Objects;

/**
 * What a worker's work is waiting for, other than its turn or a retry: a reactor's effects that run
 * only after named projections have applied their event, say, waiting for a projection to get there.
 * Waiting is not failing: no attempt is spent on it.
 *
 * @param on what it waits for, e.g. {@code projection user-directory v2}
 * @param until the position that must be reached
 * @param reached how far it has got, or {@code null} when it has not started (no version serves)
 * @param since when the wait began, by the worker's clock
 */
public record Waiting(String on, Position until, Position reached, Instant since) {

    /** Checks that nothing required is missing. */
    public Waiting {
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(since, "since");
    }

    /** For a status line: {@code waiting for projection user-directory v2 at 1234, now at 1200}. */
    @Override
    public String toString() {
        return "waiting for " + on + " at " + until.value() + ", now " + (reached == null ? "not started"
                : "at " + reached.value()) + " (since " + since + ")";
    }
}
