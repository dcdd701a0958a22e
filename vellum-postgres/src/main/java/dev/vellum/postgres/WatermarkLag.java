package dev.vellum.postgres;

import dev.vellum.store.Position;
import java.time.Duration;

/**
 * How far the readable end of the global log trails what has committed. Reads and subscriptions
 * stop below the oldest transaction still running in the database cluster, so that no event can
 * later appear before a position already read; a long transaction anywhere, even one that never
 * touches the event store, holds them there until it ends.
 *
 * @param readable the last position reads and subscriptions return now ({@code head()})
 * @param committed the last position committed, readable or not
 * @param eventsWaiting committed events above {@code readable}, held back by the watermark
 * @param oldestTransaction how long the oldest transaction holding the watermark has run, or
 *     {@link Duration#ZERO} when nothing holds it (or the role may not see that session)
 */
public record WatermarkLag(Position readable, Position committed, long eventsWaiting, Duration oldestTransaction) {

    /** True when every committed event is readable. */
    public boolean isCaughtUp() {
        return eventsWaiting == 0;
    }
}
