package dev.vellum.retry.internal;

import dev.vellum.time.Backoff;
import dev.vellum.time.internal.TransientRetry;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The one loop that retries a failed unit of work in place, for projection batches and for the events
 * of reactors and process managers: wait, try again, until it succeeds, the retries are used up, or
 * the runner is told to stop while waiting. A failure that waiting can cure (a
 * {@link dev.vellum.time.TransientFailure}: the database unreachable, a connection lost) uses none of
 * the retries: it is tried again as {@link TransientRetry} says, for as long as it lasts, and shows as
 * retrying in the runner's status. What an attempt is, how a wait is interrupted, and what giving up
 * means are the caller's.
 */
public final class RetryLoop {

    /** How retrying ended. */
    public sealed interface Outcome {
        /** A retry succeeded. */
        record Succeeded() implements Outcome {
        }

        /** Told to stop while waiting for the next retry. */
        record Stopped() implements Outcome {
        }

        /** Every retry failed; {@code last} is the last one's error. */
        record GaveUp(Exception last) implements Outcome {
        }
    }

    /**
     * How to retry.
     *
     * @param retries how many retries an error that waiting cannot cure gets
     * @param backoff the waits before those retries
     * @param isTransient tells the errors that waiting can cure
     * @param transients the waits before retrying those, and the status while they last
     */
    public record Policy(int retries, Backoff backoff, Predicate<Throwable> isTransient, TransientRetry transients) {
    }

    /** One retry. @param <X> what it may throw to end retrying at once */
    @FunctionalInterface
    public interface Attempt<X extends Exception> {
        /** @return null when it succeeded, else its error */
        Exception run() throws X;
    }

    /** A wait before a retry. */
    @FunctionalInterface
    public interface Pause {
        /** Waits for {@code wait} after {@code error}; true when told to stop meanwhile. */
        boolean pause(Duration wait, Exception error) throws InterruptedException;
    }

    private static final Outcome SUCCEEDED = new Outcome.Succeeded();

    private RetryLoop() {
    }

    /**
     * Retries as {@code policy} says.
     *
     * @param firstError the error of the attempt that failed before retrying; what giving up reports
     *     when it is not transient and there are no retries
     */
    public static <X extends Exception> Outcome retry(Policy policy, Pause pause, Attempt<X> attempt,
            Exception firstError) throws X, InterruptedException {
        Exception last = firstError;
        int retry = 0;
        try {
            while (true) {
                Duration wait;
                if (policy.isTransient().test(last)) {
                    wait = policy.transients().failed(last);
                } else {
                    policy.transients().succeeded();
                    if (retry == policy.retries()) {
                        return new Outcome.GaveUp(last);
                    }
                    retry++;
                    wait = policy.backoff().delay(retry);
                }
                if (pause.pause(wait, last)) {
                    return new Outcome.Stopped();
                }
                Exception error = attempt.run();
                if (error == null) {
                    return SUCCEEDED;
                }
                last = error;
            }
        } finally {
            policy.transients().succeeded();
        }
    }
}
