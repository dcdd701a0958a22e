package dev.vellum.store.spi;

import dev.vellum.store.EventHandler;
import dev.vellum.store.LogFilter;
import dev.vellum.store.LogReader;
import dev.vellum.store.Position;
import dev.vellum.store.Subscription;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live subscriptions of one store, so that closing the store closes them all. A store that
 * keeps its events elsewhere than in SQL ({@code dev.vellum.jdbc.JdbcEventStore} holds one for the
 * SQL stores) answers {@link dev.vellum.store.LogSubscriber#subscribe} with {@link #start}: each
 * subscription catches up by reading the log in pages, then waits on the store's
 * {@link AppendSignal} for the next commit, so the store only has to read its log and raise the signal.
 */
public final class SubscriptionSet {

    private final LogReader reader;
    private final AppendSignal signal;
    private final Set<CatchUpSubscription> running = ConcurrentHashMap.newKeySet();

    /** @param reader the store's log reader @param signal the store's append signal */
    public SubscriptionSet(LogReader reader, AppendSignal signal) {
        this.reader = reader;
        this.signal = signal;
    }

    /** Starts a subscription; see {@link dev.vellum.store.LogSubscriber#subscribe}. */
    public Subscription start(Position after, LogFilter filter, EventHandler handler) {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(handler, "handler");
        CatchUpSubscription[] self = new CatchUpSubscription[1];
        self[0] = CatchUpSubscription.create(reader, signal, after, filter, handler, () -> running.remove(self[0]));
        running.add(self[0]);
        self[0].start();
        return self[0];
    }

    /** Closes every running subscription and waits for their handlers to return. */
    public void closeAll() {
        List.copyOf(running).forEach(CatchUpSubscription::close);
    }
}
