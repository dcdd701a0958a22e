package dev.vellum.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.EventHandler;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.Subscription;
import dev.vellum.store.SubscriptionState;
import dev.vellum.store.VellumException;
import dev.vellum.store.WrongExpectedRevisionException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every conformance group shares: a fresh store per test in its own directory, helpers to
 * build events and read everything back, and {@link #assertRejectedAndUnchanged}, which checks the
 * second half of every error contract: nothing changed. A hung store fails a test instead of
 * hanging the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class StoreTestSupport {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** The directory the store keeps its data in; {@link #reopen()} opens it again. */
    @TempDir
    Path directory;

    /** The store under test, opened empty before each test. */
    EventStore store;

    private final List<Subscription> subscriptions = new ArrayList<>();

    /** How this suite opens the store under test, and whether it must keep its data. */
    abstract StoreFixture fixture();

    @BeforeEach
    final void openEmptyStore() {
        store = fixture().open(directory);
        assertThat(store).as("openStore(directory) returned null").isNotNull();
    }

    @AfterEach
    final void closeEverything() {
        subscriptions.forEach(Subscription::close);
        if (store != null) {
            store.close();
        }
    }

    /** Closes the store and opens the one kept in the same directory. */
    final void reopen() {
        store.close();
        store = null;
        store = fixture().open(directory);
        assertThat(store).as("openStore(directory) returned null on reopen").isNotNull();
    }

    /** A subscription that is closed after the test. */
    final Subscription subscribe(Position after, LogFilter filter, EventHandler handler) {
        Subscription subscription = store.subscribe(after, filter, handler);
        assertThat(subscription).as("subscribe returned null").isNotNull();
        subscriptions.add(subscription);
        return subscription;
    }

    /** An event with a fresh id and distinct data. */
    static EventData event(String type) {
        return EventData.of(type, "{\"n\":" + SEQUENCE.incrementAndGet() + "}");
    }

    /** {@code count} events of type {@code Happened}. */
    static List<EventData> events(int count) {
        List<EventData> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event("Happened"));
        }
        return events;
    }

    /** The same event under a new id. */
    static EventData withNewId(EventData event) {
        return new EventData(UUID.randomUUID(), event.type(), event.data(), event.metadata());
    }

    /** A JSON string value that takes exactly {@code bytes} bytes in UTF-8. */
    static String jsonOfBytes(int bytes) {
        return "\"" + "x".repeat(bytes - 2) + "\"";
    }

    /** Appends {@code count} events to a new stream; returns the result. */
    final AppendResult appendNew(StreamId stream, int count) {
        return store.append(stream, ExpectedRevision.noStream(), events(count));
    }

    /** The whole global log, paged through with the given filter. */
    final List<RecordedEvent> readAllEvents(LogFilter filter) {
        List<RecordedEvent> all = new ArrayList<>();
        Position after = Position.START;
        while (true) {
            List<RecordedEvent> page = store.readAll(after, filter, 1_000);
            assertThat(page).as("readAll returned more than its limit").hasSizeLessThanOrEqualTo(1_000);
            all.addAll(page);
            if (page.size() < 1_000) {
                return all;
            }
            after = page.getLast().position();
        }
    }

    /** The whole global log. */
    final List<RecordedEvent> readAllEvents() {
        return readAllEvents(LogFilter.all());
    }

    static List<UUID> ids(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::id).toList();
    }

    static List<UUID> idsOf(List<EventData> events) {
        return events.stream().map(EventData::id).toList();
    }

    static List<Long> revisions(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::revision).toList();
    }

    static List<Long> positions(List<RecordedEvent> events) {
        return events.stream().map(e -> e.position().value()).toList();
    }

    /** Asserts that positions strictly increase, which also rules out duplicates. */
    static void assertStrictlyIncreasingPositions(List<RecordedEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).position())
                    .as("position of event %d of %d must be after the one before it", i, events.size())
                    .isGreaterThan(events.get(i - 1).position());
        }
    }

    /**
     * What a caller can observe of the store: the head, the whole log, and each named stream (its
     * events, or the type of error reading it raises). Two equal snapshots mean nothing changed.
     */
    record Snapshot(Position head, List<RecordedEvent> log, Map<StreamId, Object> streams) {
    }

    final Snapshot snapshot(StreamId... streams) {
        Map<StreamId, Object> reads = new LinkedHashMap<>();
        for (StreamId stream : streams) {
            try {
                reads.put(stream, store.readStream(stream));
            } catch (VellumException e) {
                reads.put(stream, e.getClass());
            }
        }
        return new Snapshot(store.head(), readAllEvents(), reads);
    }

    /**
     * Asserts that {@code call} raises {@code type} with a message, and that neither the log, the
     * head nor any of {@code streams} changed.
     */
    final <T extends Throwable> T assertRejectedAndUnchanged(Class<T> type, ThrowingCallable call, StreamId... streams) {
        Snapshot before = snapshot(streams);
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected %s", type.getSimpleName()).isInstanceOf(type);
        assertThat(thrown.getMessage()).as("an error message says what to do").isNotBlank();
        assertThat(snapshot(streams)).as("a rejected call must change nothing").isEqualTo(before);
        return type.cast(thrown);
    }

    /** Asserts a {@link WrongExpectedRevisionException} that carries all it should, and no change. */
    final void assertWrongRevision(ThrowingCallable call, StreamId stream, ExpectedRevision expected, long actual) {
        WrongExpectedRevisionException e = assertRejectedAndUnchanged(WrongExpectedRevisionException.class, call, stream);
        assertThat(e.stream()).isEqualTo(stream);
        assertThat(e.expected()).isEqualTo(expected);
        assertThat(e.actualRevision()).as("actual revision carried by the exception").isEqualTo(actual);
    }

    /** Waits until the subscription is in {@code state}; false when the timeout passed first. */
    static boolean awaitState(Subscription subscription, SubscriptionState state, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (subscription.state() != state) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }
}
