package dev.vellum.examples.support;

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
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamSummary;
import dev.vellum.store.Subscription;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** An event store whose next appends to one category fail, as if the process died just before them. */
public final class FlakyStore implements EventStore {

    private final EventStore delegate;
    private final String category;
    private final AtomicInteger failures;

    /** Fails the next {@code failures} appends to streams of {@code category}. */
    public FlakyStore(EventStore delegate, String category, int failures) {
        this.delegate = delegate;
        this.category = category;
        this.failures = new AtomicInteger(failures);
    }

    @Override
    public AppendResult append(StreamId stream, ExpectedRevision expected, List<EventData> events) {
        if (stream.category().equals(category) && failures.getAndDecrement() > 0) {
            throw new IllegalStateException("injected: the process died before appending to " + stream);
        }
        return delegate.append(stream, expected, events);
    }

    @Override
    public List<RecordedEvent> readStream(StreamId stream, ReadDirection direction, long fromRevision, int limit) {
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
