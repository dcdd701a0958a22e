package dev.vellum.kafka;

import dev.vellum.store.AppendResult;
import dev.vellum.store.CategorySummary;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.EventHandler;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamSummary;
import dev.vellum.store.Subscription;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event store whose stream reads and appends hang, once {@link #hang()} is called, until
 * {@link #release()}; or fail as a database that went away does, between {@link #down()} and
 * {@link #up()}.
 */
final class HangingStore implements EventStore {

    private final EventStore delegate;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger hanging = new AtomicInteger();
    private volatile boolean hang;
    private volatile boolean down;
    private final AtomicInteger refused = new AtomicInteger();

    HangingStore(EventStore delegate) {
        this.delegate = delegate;
    }

    void hang() {
        hang = true;
    }

    void release() {
        hang = false;
        released.countDown();
    }

    /** From here on, stream reads and appends fail with {@link StoreUnavailableException}. */
    void down() {
        down = true;
    }

    void up() {
        down = false;
    }

    /** How many calls failed while it was down. */
    int refused() {
        return refused.get();
    }

    /** How many calls are hanging now. */
    int hanging() {
        return hanging.get();
    }

    private void maybeHang() {
        if (down) {
            refused.incrementAndGet();
            throw new StoreUnavailableException("The database went away (a test's fault)", null);
        }
        if (hang) {
            hanging.incrementAndGet();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                hanging.decrementAndGet();
            }
        }
    }

    @Override
    public AppendResult append(StreamId stream, ExpectedRevision expected, List<EventData> events) {
        maybeHang();
        return delegate.append(stream, expected, events);
    }

    @Override
    public List<RecordedEvent> readStream(StreamId stream, ReadDirection direction, long fromRevision, int limit) {
        maybeHang();
        return delegate.readStream(stream, direction, fromRevision, limit);
    }

    @Override
    public List<RecordedEvent> readAll(Position after, LogFilter filter, int limit) {
        return delegate.readAll(after, filter, limit);
    }

    @Override
    public Position head() {
        return delegate.head();
    }

    @Override
    public List<StreamSummary> listStreams(String prefix, String after, int limit) {
        return delegate.listStreams(prefix, after, limit);
    }

    @Override
    public List<CategorySummary> listCategories(String after, int limit) {
        return delegate.listCategories(after, limit);
    }

    @Override
    public long countStreams(String prefix) {
        return delegate.countStreams(prefix);
    }

    @Override
    public Optional<RecordedEvent> readEvent(UUID id) {
        return delegate.readEvent(id);
    }

    @Override
    public Subscription subscribe(Position after, LogFilter filter, EventHandler handler) {
        return delegate.subscribe(after, filter, handler);
    }

    @Override
    public void delete(StreamId stream, ExpectedRevision expected, Deletion deletion) {
        delegate.delete(stream, expected, deletion);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
