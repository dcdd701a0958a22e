package dev.vellum.time;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * How long to wait before retrying something that failed: {@code first} before the first retry,
 * then twice as long each time, never more than {@code max}. {@link dev.vellum.retry.Retries} are built on it, and
 * timers, the integration publisher and the webhook sink use it.
 *
 * @param first the wait before the first retry
 * @param max the longest wait
 */
public record Backoff(Duration first, Duration max) {

    /** 100 ms doubling up to 30 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30));

    /**
     * What workers wait between attempts while a {@link TransientFailure} lasts (a database restarting,
     * a connection lost): 100 ms doubling up to 5 s, with jitter ({@link #jittered}), for as long as it
     * lasts. The cap keeps a worker within a few seconds of an outage's end.
     */
    public static final Backoff TRANSIENT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    /** Checks the values. @throws IllegalArgumentException unless {@code 0 <= first <= max} */
    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("A backoff needs 0 <= first <= max, got first " + first + " and max " + max);
        }
    }

    /** The wait before retry number {@code retry}, counting from 1. */
    public Duration delay(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("Retries count from 1, got " + retry);
        }
        Duration wait = first;
        for (int i = 1; i < retry && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /**
     * {@link #delay} with jitter: a random wait between half of it and all of it, so that many workers
     * cut off by one outage do not all come back at the same instant.
     */
    public Duration jittered(int retry) {
        long nanos = delay(retry).toNanos();
        return nanos < 2 ? Duration.ofNanos(nanos) : Duration.ofNanos(nanos / 2 + ThreadLocalRandom.current().nextLong(nanos / 2 + 1));
    }

    /**
     * {@link #delay} with full jitter: a wait uniformly random between zero and all of it, so that
     * writers that lost a race together do not collide again in lockstep.
     */
    public Duration fullJitter(int retry, RandomGenerator random) {
        long cap = delay(retry).toNanos();
        return cap == 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(cap + 1));
    }
}
