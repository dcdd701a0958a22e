package dev.vellum.time;

import java.time.Duration;

/**
 * How a reactor or process manager retries an event it failed to handle: up to {@code attempts}
 * attempts in all, waiting between them as {@code backoff} says; when the last attempt fails too, the
 * runner stops in state {@code FAILED} before that event, with a {@link RetriesExhaustedException}
 * whose cause is the last error. An error marked {@link PermanentFailure} is never retried.
 *
 * <p>The {@linkplain #DEFAULT default}, 20 attempts from 100 ms doubling to 30 s, keeps trying for
 * about 6 minutes: long enough to ride out a database failover, a restart of the read-model server or
 * a lock held for a while, short enough that an error which is not going away (a bug in a decider)
 * shows as a failure the same morning rather than as a runner silently stuck.
 *
 * @param attempts how many times an event is handled at most, the first time included; 1 or more
 * @param backoff the waits between attempts
 */
public record EventRetries(int attempts, Backoff backoff) {

    /** 20 attempts from 100 ms doubling up to 30 s: about 6 minutes of retrying before the runner fails. */
    public static final EventRetries DEFAULT = new EventRetries(20, Backoff.DEFAULT);

    /** Checks the values. @throws InvalidRetriesException when {@code attempts < 1} or {@code backoff} is null */
    public EventRetries {
        if (attempts < 1) {
            throw new InvalidRetriesException("Event retries need 1 or more attempts (1: fail at the first error), got "
                    + attempts + ".");
        }
        if (backoff == null) {
            throw new InvalidRetriesException("Event retries need a backoff, e.g. Backoff.DEFAULT; got null.");
        }
    }

    /** One attempt: the first error stops the runner. */
    public static EventRetries noRetries() {
        return new EventRetries(1, Backoff.DEFAULT);
    }

    /** The total of the waits when every attempt fails: how long an outage it rides out. */
    public Duration longestOutage() {
        Duration total = Duration.ZERO;
        for (int retry = 1; retry < attempts; retry++) {
            total = total.plus(backoff.delay(retry));
        }
        return total;
    }
}
