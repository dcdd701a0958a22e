package dev.vellum.projection;

import dev.vellum.time.Backoff;
import dev.vellum.worker.WorkerState;
import java.time.Duration;
import java.util.Objects;

/**
 * What a projection does when its handler throws on an event: retry the event up to
 * {@code retries} times, waiting {@code initialBackoff}, then twice as long each time up to
 * {@code maxBackoff}; then either park the event and go on with the next one, or stop the
 * projection in state {@link WorkerState#FAILED}. Parked events are kept with the error and can
 * be retried or skipped later ({@link RunningProjection#parkedEvents()}).
 *
 * <p>Stopping is the default: a read model that silently lacks an event is worse than one that
 * visibly stopped. Park when the rest of the read model is worth more than one event in it.
 *
 * @param retries how many times an event is retried after its first failure, 0 or more
 * @param initialBackoff the wait before the first retry
 * @param maxBackoff the longest wait between two retries
 * @param afterRetries what happens when the retries are used up
 */
public record ErrorPolicy(int retries, Duration initialBackoff, Duration maxBackoff, AfterRetries afterRetries) {

    /** The default: 5 retries from 100 ms up to 5 s, then stop. */
    public static final ErrorPolicy DEFAULT = retryThenStop(5, Duration.ofMillis(100));

    /** What happens to an event that still fails when its retries are used up. */
    public enum AfterRetries {
        /** Keep the event with its error in the parked events and go on with the next event. */
        PARK,
        /** Stop the projection before the event, in state {@link WorkerState#FAILED}. */
        STOP
    }

    /** Checks the values. @throws InvalidProjectionException when one is out of range */
    public ErrorPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(afterRetries, "afterRetries");
        if (retries < 0 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new InvalidProjectionException("Invalid error policy: " + retries + " retries from " + initialBackoff
                    + " up to " + maxBackoff + ". Use 0 or more retries and a maximum wait of at least the first.");
        }
    }

    /** Retries {@code retries} times from {@code initialBackoff} (doubling, up to 5 s), then parks the event. */
    public static ErrorPolicy retryThenPark(int retries, Duration initialBackoff) {
        return new ErrorPolicy(retries, initialBackoff, max(initialBackoff), AfterRetries.PARK);
    }

    /** Retries {@code retries} times from {@code initialBackoff} (doubling, up to 5 s), then stops. */
    public static ErrorPolicy retryThenStop(int retries, Duration initialBackoff) {
        return new ErrorPolicy(retries, initialBackoff, max(initialBackoff), AfterRetries.STOP);
    }

    /** This policy with another longest wait. */
    public ErrorPolicy withMaxBackoff(Duration newMaxBackoff) {
        return new ErrorPolicy(retries, initialBackoff, newMaxBackoff, afterRetries);
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry) {
        return between().delay(retry);
    }

    /** The waits between retries: from {@code initialBackoff} doubling up to {@code maxBackoff}. */
    public Backoff between() {
        return new Backoff(initialBackoff, maxBackoff);
    }

    private static Duration max(Duration initialBackoff) {
        Duration fiveSeconds = Duration.ofSeconds(5);
        return initialBackoff.compareTo(fiveSeconds) > 0 ? initialBackoff : fiveSeconds;
    }
}
