package dev.vellum.time.internal;

import dev.vellum.time.Backoff;
import dev.vellum.time.Retrying;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The bookkeeping of one worker's retries of a {@link dev.vellum.time.TransientFailure}: how long to
 * wait before the next attempt ({@link Backoff#TRANSIENT}, with jitter, without limit) and what its
 * status shows meanwhile ({@link Retrying}). Written by the worker's thread, read by anyone.
 */
public final class TransientRetry {

    private final Backoff backoff;
    private volatile Retrying current;

    /** Waits as {@link Backoff#TRANSIENT} says. */
    public TransientRetry() {
        this(Backoff.TRANSIENT);
    }

    /** Waits as {@code backoff} says, with jitter. */
    public TransientRetry(Backoff backoff) {
        this.backoff = backoff;
    }

    /** Records that an attempt failed with {@code error}; returns how long to wait before the next. */
    public Duration failed(Throwable error) {
        Retrying was = current;
        int attempt = was == null ? 1 : was.attempt() + 1;
        Duration wait = backoff.jittered(Math.min(attempt, 64));
        Instant now = Instant.now();
        current = was == null ? new Retrying(error, 1, now, now.plus(wait)) : was.then(error, now.plus(wait));
        return wait;
    }

    /** Records that an attempt worked; true when it ended a run of failures. */
    public boolean succeeded() {
        if (current == null) {
            return false; // the common case, once per event: no write to the shared field
        }
        current = null;
        return true;
    }

    /** While failures last: the last one, their count, and when the next attempt is. */
    public Optional<Retrying> current() {
        return Optional.ofNullable(current);
    }
}
