package dev.vellum.decider;

import dev.vellum.time.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What a {@link CommandHandler} does when another writer appended to the stream between its load
 * and its append: it reloads, decides again and retries, up to {@code maxRetries} times, waiting a
 * random time before each retry ("full jitter": uniformly between zero and a cap that doubles from
 * {@code firstDelay} up to {@code maxDelay}), so that handlers that lost together do not collide
 * again in lockstep. When the retries run out, the handler raises {@link CommandConflictException}.
 *
 * @param maxRetries how many times to decide again after a conflict, 0 or more
 * @param firstDelay the cap of the wait before the first retry
 * @param maxDelay the largest cap, reached by doubling
 */
public record RetryPolicy(int maxRetries, Duration firstDelay, Duration maxDelay) {

    /** 10 retries, waits capped from 1 ms doubling up to 100 ms. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(100));

    /** Checks the values. @throws IllegalArgumentException when negative, or {@code maxDelay < firstDelay} */
    public RetryPolicy {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more, got " + maxRetries);
        }
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("Retry delays need 0 <= firstDelay <= maxDelay, got "
                    + firstDelay + " and " + maxDelay);
        }
    }

    /** No retry: the first conflict raises {@link CommandConflictException}. */
    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, Duration.ZERO);
    }

    /** {@code maxRetries} retries with the default delays. */
    public static RetryPolicy retries(int maxRetries) {
        return new RetryPolicy(maxRetries, DEFAULT.firstDelay, DEFAULT.maxDelay);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first): uniformly random between zero
     * and {@code min(maxDelay, firstDelay * 2^(retry - 1))}.
     */
    public Duration delayBefore(int retry, RandomGenerator random) {
        long cap = new Backoff(firstDelay, maxDelay).delay(retry).toNanos();
        return cap == 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(cap + 1));
    }
}
