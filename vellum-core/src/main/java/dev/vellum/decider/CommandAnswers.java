package dev.vellum.decider;

import java.time.Duration;

/**
 * What one {@link CommandHandler} has answered its callers since it was built, and how long they
 * waited: the same outcomes, counts and latency the HTTP API meters for the commands it takes, here
 * for every command the handler got, sent in the process or over HTTP. Counters only grow; read
 * them twice and subtract for a rate, or divide the time by the count for the mean latency.
 *
 * @param accepted commands answered {@link CommandResult.Accepted}, resends answered from the log
 *     included
 * @param rejected commands answered {@link CommandResult.Rejected}
 * @param failed commands that ended in an exception: a {@link CommandConflictException} once the
 *     retries ran out, a store's typed error, or a bug in {@code decide} or {@code evolve}
 * @param totalTime the time callers spent in {@code handle} for all of these, from the call to its
 *     answer
 */
public record CommandAnswers(long accepted, long rejected, long failed, Duration totalTime) {

    /** All commands answered: accepted, rejected and failed. */
    public long count() {
        return accepted + rejected + failed;
    }
}
