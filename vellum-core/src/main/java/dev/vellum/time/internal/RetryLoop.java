package dev.vellum.time.internal;

import dev.vellum.time.Backoff;
import java.time.Duration;

/**
 * The one loop that retries a failed unit of work in place, for projection batches and for the events
 * of reactors and process managers: wait as the backoff says, try again, until it succeeds, the
 * retries are used up, or the runner is told to stop while waiting. What an attempt is, how a wait is
 * interrupted, and what giving up means are the caller's.
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

    /** One retry. @param <X> what it may throw to end retrying at once */
    @FunctionalInterface
    public interface Attempt<X extends Exception> {
        /** @param retry 1 for the first retry @return null when it succeeded, else its error */
        Exception run(int retry) throws X;
    }

    /** A wait before a retry. */
    @FunctionalInterface
    public interface Pause {
        /** Waits for {@code wait}; true when told to stop meanwhile. */
        boolean pause(Duration wait) throws InterruptedException;
    }

    private static final Outcome SUCCEEDED = new Outcome.Succeeded();

    private RetryLoop() {
    }

    /**
     * Retries up to {@code retries} times, waiting {@code backoff.delay(n)} before retry {@code n}.
     *
     * @param firstError the error of the attempt that failed before retrying; what giving up reports
     *     when {@code retries} is 0
     */
    public static <X extends Exception> Outcome retry(int retries, Backoff backoff, Pause pause, Attempt<X> attempt,
            Exception firstError) throws X, InterruptedException {
        Exception last = firstError;
        for (int retry = 1; retry <= retries; retry++) {
            if (pause.pause(backoff.delay(retry))) {
                return new Outcome.Stopped();
            }
            Exception error = attempt.run(retry);
            if (error == null) {
                return SUCCEEDED;
            }
            last = error;
        }
        return new Outcome.GaveUp(last);
    }
}
