package dev.vellum.decider;

/**
 * What contention has cost one {@link CommandHandler} since it was built: a hot aggregate shows as
 * many commands per append (they queued behind each other and were appended together), and
 * conflicts as other writers (another node, another handler on the same streams) appending first.
 * Counters only grow; read them twice and subtract for a rate.
 *
 * @param commands commands decided and answered by their decision (a resend answered from the log by
 *     its id is not counted, although it is decided again: see {@link CommandHandler})
 * @param appends atomic appends made; fewer than {@code commands} when queued commands for one
 *     stream were appended together
 * @param conflicts appends the store refused because another writer had appended first
 * @param retries decisions made again after a conflict under the handler's {@link dev.vellum.retry.Retries}, each after
 *     its delay (a conflict on a state the handler had kept, or on a stream whose revision no read
 *     shows, is decided again at once and not counted here)
 * @param reloads states read from the store again after a conflict, or to confirm a kept state
 *     before answering with a decision that appends nothing
 * @param givenUp commands that ended in {@link CommandConflictException}, their retries run out
 */
public record CommandStats(long commands, long appends, long conflicts, long retries, long reloads, long givenUp) {
}
