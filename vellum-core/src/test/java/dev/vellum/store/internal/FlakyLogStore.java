package dev.vellum.store.internal;

import dev.vellum.store.AppendResult;
import dev.vellum.store.CategorySummary;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.EventHandler;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.LogReader;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamSummary;
import dev.vellum.store.Subscription;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.store.spi.AppendSignal;
import dev.vellum.store.spi.SubscriptionSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory event store whose subscriptions read the log through a reader that can be told to fail
 * its next reads with {@link StoreUnavailableException}, as a store does while its database restarts;
 * its appends can be told so too. Everything else goes straight to the in-memory store.
 */
public final class FlakyLogStore implements EventStore {

    private final InMemoryEventStore inner = new InMemoryEventStore();
    private final AppendSignal signal = new AppendSignal();
    private final SubscriptionSet subscriptions;
    private final AtomicInteger failing = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger failingAppends = new AtomicInteger();
    private final Subscription waker;

    /** A new, empty store whose log reads work until told otherwise. */
    public FlakyLogStore() {
        LogReader flaky = new LogReader() {
            @Override
            public List<RecordedEvent> readAll(Position after, LogFilter filter, int limit) {
                failIfTold();
                return inner.readAll(after, filter, limit);
            }

            @Override
            public Position head() {
                failIfTold();
                return inner.head();
            }
        };
        this.subscriptions = new SubscriptionSet(flaky, signal);
        this.waker = inner.subscribe(Position.START, LogFilter.all(), event -> signal.signal());
    }

    private void failIfTold() {
        if (failing.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            failed.incrementAndGet();
            throw new StoreUnavailableException("The test's database is down", new java.io.IOException("connection reset"));
        }
    }

    /** Fails the next {@code reads} reads of the log by subscriptions (head or page). */
    public void failReads(int reads) {
        failing.set(reads);
    }

    /** Fails the next {@code appends} appends with {@link StoreUnavailableException}, storing nothing. */
    public void failAppends(int appends) {
        failingAppends.set(appends);
    }

    /** How many reads failed so far. */
    public int failedReads() {
        return failed.get();
    }

    @Override
    public AppendResult append(StreamId stream, ExpectedRevision expected, List<EventData> events) {
        if (failingAppends.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw new StoreUnavailableException("The test's database is down", new java.io.IOException("connection reset"));
        }
        return inner.append(stream, expected, events);
    }

    @Override
    public List<RecordedEvent> readStream(StreamId stream, ReadDirection direction, long fromRevision, int limit) {
        return inner.readStream(stream, direction, fromRevision, limit);
    }

    @Override
    public List<RecordedEvent> readAll(Position after, LogFilter filter, int limit) {
        return inner.readAll(after, filter, limit);
    }

    @Override
    public Position head() {
        return inner.head();
    }

    @Override
    public Optional<RecordedEvent> readEvent(UUID id) {
        return inner.readEvent(id);
    }

    @Override
    public Subscription subscribe(Position after, LogFilter filter, EventHandler handler) {
        return subscriptions.start(after, filter, handler);
    }

    @Override
    public List<StreamSummary> listStreams(String prefix, String after, int limit) {
        return inner.listStreams(prefix, after, limit);
    }

    @Override
    public List<CategorySummary> listCategories(String after, int limit) {
        return inner.listCategories(after, limit);
    }

    @Override
    public long countStreams(String prefix) {
        return inner.countStreams(prefix);
    }

    @Override
    public void delete(StreamId stream, ExpectedRevision expected, Deletion deletion) {
        inner.delete(stream, expected, deletion);
    }

    @Override
    public void close() {
        subscriptions.closeAll();
        waker.close();
        inner.close();
    }
}
