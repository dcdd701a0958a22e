package dev.vellum.decider;

/**
 * What the state cache of one {@link CommandHandler} has done since it was built (see
 * {@link CommandHandlerBuilder#stateCache(int)}): a hit is a command for an idle stream decided
 * from the state the handler kept for it, with no read; a miss is one that read the stream first.
 * A stale state is one an append refused because another writer (another node, another handler)
 * appended after it; the handler then read the stream and decided again, at once. Counters only
 * grow, except {@code entries}.
 *
 * @param hits streams whose commands were decided from a cached state, with no read
 * @param misses streams whose commands found no cached state and read the stream
 * @param stale kept states (cached, or kept between batches of a busy stream) that turned out
 *     outdated when appending
 * @param entries states cached now
 * @param capacity the most states cached; 0 when the cache is off
 */
public record StateCacheStats(long hits, long misses, long stale, int entries, int capacity) {
}
