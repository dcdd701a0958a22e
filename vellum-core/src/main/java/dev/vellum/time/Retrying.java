package dev.vellum.time;

import java.time.Instant;
import java.util.Objects;

/**
 * A worker waiting to try again after a failure that waiting can cure ({@link TransientFailure}): the
 * store or the read-model database unreachable, a connection lost. What a status shows while it lasts.
 *
 * @param lastError the error of the last attempt
 * @param attempt how many attempts in a row have failed so far
 * @param since when the first of them failed
 * @param nextAttempt when it tries again
 */
public record Retrying(Throwable lastError, int attempt, Instant since, Instant nextAttempt) {

    /** Checks the values. */
    public Retrying {
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt counts from 1, got " + attempt);
        }
    }

    /** The next one: {@code error} failed attempt {@link #attempt()} + 1, retried at {@code next}. */
    public Retrying then(Throwable error, Instant next) {
        return new Retrying(error, attempt + 1, since, next);
    }
}
