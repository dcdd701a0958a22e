package dev.vellum.retry;

import dev.vellum.time.Backoff;
import dev.vellum.time.PermanentFailure;
import dev.vellum.time.TransientFailure;
import java.time.Duration;

/**
 * How something that failed is tried again: up to {@code attempts} attempts in all, the first one
 * included, waiting between them as {@code backoff} says. The one retry setting of Vellum: a command
 * that lost the race for its stream, a projection's handler, a reactor's or process manager's event,
 * a reactor's effect. What happens once the attempts run out is each one's own: a command raises a
 * conflict, a projection parks or stops ({@code ErrorPolicy}), a reactor or process manager stops in
 * state {@code FAILED} before the event with a {@link RetriesExhaustedException}, an effect is
 * recorded as failed. An error marked {@link PermanentFailure} is never retried, and one that waiting
 * can cure ({@link TransientFailure}) spends no attempt.
 *
 * <p>The {@linkplain #DEFAULT default} of reactors' and process managers' events, 20 attempts from
 * 100 ms doubling to 30 s, keeps trying for about 6 minutes: long enough to ride out a database
 * failover, a restart of the read-model server or a lock held for a while, short enough that an error
 * which is not going away (a bug in a decider) shows as a failure the same morning rather than as a
 * runner silently stuck. Commands, projections and effects have defaults of their own, which their
 * builders name.
 *
 * @param attempts how many times it is tried at most, the first time included; 1 or more
 * @param backoff the waits between attempts
 */
public record Retries(int attempts, Backoff backoff) {

    /** 20 attempts from 100 ms doubling up to 30 s: about 6 minutes of retrying before a runner fails. */
    public static final Retries DEFAULT = new Retries(20, Backoff.DEFAULT);

    /** Checks the values. @throws InvalidRetriesException when {@code attempts < 1} or {@code backoff} is null */
    public Retries {
        if (attempts < 1) {
            throw new InvalidRetriesException("Retries need 1 or more attempts (1: give up at the first error), got "
                    + attempts + ".");
        }
        if (backoff == null) {
            throw new InvalidRetriesException("Retries need a backoff, e.g. Backoff.DEFAULT; got null.");
        }
    }

    /** One attempt: the first error gives up. */
    public static Retries none() {
        return new Retries(1, Backoff.DEFAULT);
    }

    /** How many times it is tried again after the first attempt failed: {@code attempts - 1}. */
    public int retries() {
        return attempts - 1;
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
