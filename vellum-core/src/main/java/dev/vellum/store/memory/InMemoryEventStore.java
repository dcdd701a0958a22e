package dev.vellum.store.memory;

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
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamSummary;
import dev.vellum.store.Subscription;
import dev.vellum.store.internal.Catalog;
import dev.vellum.store.spi.AppendMark;
import dev.vellum.store.spi.AppendSignal;
import dev.vellum.store.spi.AppendValidation;
import dev.vellum.store.spi.Arguments;
import dev.vellum.store.spi.Idempotency;
import dev.vellum.store.spi.Idempotency.StoredEvent;
import dev.vellum.store.spi.StreamState;
import dev.vellum.store.spi.SubscriptionSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An event store that keeps everything in memory, for tests and examples. It passes the same
 * conformance suite as the durable stores, except that nothing survives the process.
 */
public final class InMemoryEventStore implements EventStore {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<RecordedEvent> log = new ArrayList<>();
    private final Map<StreamId, StreamState> states = new HashMap<>();
    private final Map<StreamId, List<RecordedEvent>> streams = new HashMap<>();
    private final Map<UUID, StoredEvent> ids = new HashMap<>();
    private final AppendSignal signal = new AppendSignal();
    private final SubscriptionSet subscriptions = new SubscriptionSet(this, signal);
    private final Clock clock;
    private volatile boolean closed;

    /** A store that stamps events with the system clock. */
    public InMemoryEventStore() {
        this(Clock.systemUTC());
    }

    /** A store that stamps events with {@code clock}. */
    public InMemoryEventStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public AppendResult append(StreamId stream, ExpectedRevision expected, List<EventData> events) {
        Objects.requireNonNull(expected, "expected");
        AppendValidation.validate(stream, events);
        AppendResult result;
        lock.writeLock().lock();
        try {
            ensureOpen();
            Map<UUID, StoredEvent> found = new HashMap<>();
            for (EventData event : events) {
                StoredEvent stored = ids.get(event.id());
                if (stored != null) {
                    found.put(event.id(), stored);
                }
            }
            Optional<AppendResult> retry = Idempotency.check(stream, events, found);
            if (retry.isPresent()) {
                return retry.get();
            }
            StreamState state = states.getOrDefault(stream, StreamState.NEW);
            state.check(stream, expected);
            List<RecordedEvent> streamEvents = streams.computeIfAbsent(stream, s -> new ArrayList<>());
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            long revision = state.lastRevision();
            for (int i = 0; i < events.size(); i++) {
                EventData event = events.get(i);
                revision++;
                Position position = Position.of(log.size() + 1L);
                RecordedEvent recorded = new RecordedEvent(stream, revision, position, event.id(), event.type(),
                        event.data(), AppendMark.stored(event.metadata(), i, events.size()), now);
                log.add(recorded);
                streamEvents.add(recorded);
                ids.put(event.id(), new StoredEvent(stream, revision, position));
            }
            states.put(stream, state.afterAppend(events.size()));
            result = new AppendResult(revision, Position.of(log.size()));
        } finally {
            lock.writeLock().unlock();
        }
        signal.signal();
        return result;
    }

    @Override
    public List<RecordedEvent> readStream(StreamId stream, ReadDirection direction, long fromRevision, int limit) {
        Arguments.streamRead(stream, direction, fromRevision, limit);
        lock.readLock().lock();
        try {
            ensureOpen();
            StreamState state = states.getOrDefault(stream, StreamState.NEW);
            state.checkReadable(stream);
            List<RecordedEvent> all = streams.get(stream);
            List<RecordedEvent> page = new ArrayList<>(Math.min(limit, all.size()));
            if (direction == ReadDirection.FORWARDS) {
                // revisions equal list indexes: revisions are never reused, and soft deletes keep the numbering
                for (long r = Math.max(fromRevision, state.readableFrom()); r < all.size() && page.size() < limit; r++) {
                    page.add(all.get((int) r));
                }
            } else {
                for (long r = Math.min(fromRevision, all.size() - 1L); r >= state.readableFrom() && page.size() < limit; r--) {
                    page.add(all.get((int) r));
                }
            }
            return page;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<RecordedEvent> readAll(Position after, LogFilter filter, int limit) {
        Arguments.logRead(after, filter, limit);
        lock.readLock().lock();
        try {
            ensureOpen();
            List<RecordedEvent> page = new ArrayList<>(Math.min(limit, 256));
            // positions are 1..size without gaps, so position p sits at index p - 1
            for (long i = after.value(); i < log.size() && page.size() < limit; i++) {
                RecordedEvent event = log.get((int) i);
                if (filter.matches(event)) {
                    page.add(event);
                }
            }
            return page;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<RecordedEvent> readEvent(UUID id) {
        Objects.requireNonNull(id, "id");
        lock.readLock().lock();
        try {
            ensureOpen();
            StoredEvent stored = ids.get(id);
            return stored == null ? Optional.empty() : Optional.of(log.get((int) stored.position().value() - 1));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Position head() {
        lock.readLock().lock();
        try {
            ensureOpen();
            return Position.of(log.size());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<StreamSummary> listStreams(String prefix, String after, int limit) {
        Arguments.listing(prefix, after, limit);
        lock.readLock().lock();
        try {
            ensureOpen();
            return Catalog.streams(states, StreamState::summary, prefix, after, limit);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<CategorySummary> listCategories(String after, int limit) {
        Arguments.listing("", after, limit);
        lock.readLock().lock();
        try {
            ensureOpen();
            return Catalog.categories(states.keySet(), after, limit);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long countStreams(String prefix) {
        Arguments.listing(prefix, "", 1);
        lock.readLock().lock();
        try {
            ensureOpen();
            return Catalog.count(states.keySet(), prefix);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Subscription subscribe(Position after, LogFilter filter, EventHandler handler) {
        ensureOpen();
        return subscriptions.start(after, filter, handler);
    }

    @Override
    public void delete(StreamId stream, ExpectedRevision expected, Deletion deletion) {
        Arguments.delete(stream, expected, deletion);
        lock.writeLock().lock();
        try {
            ensureOpen();
            StreamState state = states.getOrDefault(stream, StreamState.NEW);
            state.check(stream, expected);
            states.put(stream, state.after(stream, deletion));
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        subscriptions.closeAll();
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosedException("in-memory");
        }
    }
}
