package dev.vellum.jdbc.spi;

import dev.vellum.store.AppendResult;
import java.util.Objects;

/**
 * What one {@link WriteRequest} came to in a writer's transaction, handed to
 * {@link WriteRequest#complete} once that transaction has committed: an append that was stored (or
 * recognised as a retry of one stored before), a deletion that was applied, or a failure of that
 * request alone (a wrong expected revision, a tombstoned stream, an idempotency conflict) that left
 * the rest of its batch alone.
 */
public sealed interface WriteOutcome {

    /**
     * An append stored, or found already stored by an earlier attempt with the same event ids.
     *
     * @param result what the caller's append returns
     */
    record Appended(AppendResult result) implements WriteOutcome {

        /** Checks the result is there. */
        public Appended {
            Objects.requireNonNull(result, "result");
        }
    }

    /** A deletion applied. */
    record Deleted() implements WriteOutcome {
    }

    /**
     * A request that failed on its own, with the typed error its caller gets; nothing of it was stored.
     *
     * @param error the error, e.g. a {@link dev.vellum.store.WrongExpectedRevisionException}
     */
    record Failed(RuntimeException error) implements WriteOutcome {

        /** Checks the error is there. */
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
