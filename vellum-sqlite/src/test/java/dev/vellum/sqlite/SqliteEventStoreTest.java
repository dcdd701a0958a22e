package dev.vellum.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.AppendResult;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Metadata;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.store.Subscription;
import dev.vellum.store.SubscriptionState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite-specific behaviour of reads, deletions and the file; the conformance suite covers the contract. */
class SqliteEventStoreTest {

    @TempDir
    Path dir;

    private SqliteEventStore store;

    @BeforeEach
    void open() {
        store = SqliteEventStore.open(dir.resolve("events.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static EventData event(String type, int n) {
        return EventData.of(type, "{\"n\":" + n + "}");
    }

    @Test
    void appendsAndReadsBackEverythingIncludingMetadata() {
        StreamId order = StreamId.of("order-1");
        EventData placed = event("OrderPlaced", 1).withMetadata(
                Metadata.EMPTY.withCorrelationId("c-1").withCausationId("k-1").withHeader("$schema", "2"));
        AppendResult result = store.append(order, ExpectedRevision.noStream(), placed, event("OrderPaid", 2));

        assertThat(result).isEqualTo(new AppendResult(1, Position.of(2)));
        List<RecordedEvent> events = store.readStream(order);
        assertThat(events).extracting(RecordedEvent::revision).containsExactly(0L, 1L);
        RecordedEvent first = events.getFirst();
        assertThat(first.id()).isEqualTo(placed.id());
        assertThat(first.type()).isEqualTo("OrderPlaced");
        assertThat(first.data()).isEqualTo("{\"n\":1}");
        assertThat(first.metadata()).isEqualTo(placed.metadata().withHeader("$append", "2")); // the first of an append of 2
        assertThat(first.position()).isEqualTo(Position.of(1));
        assertThat(events.get(1).metadata()).isEqualTo(Metadata.EMPTY);
        assertThat(store.head()).isEqualTo(Position.of(2));
    }

    @Test
    void readsBackwardsAndInPages() {
        StreamId s = StreamId.of("page-1");
        for (int i = 0; i < 10; i++) {
            store.append(s, ExpectedRevision.any(), event("Counted", i));
        }
        assertThat(store.readStream(s, ReadDirection.BACKWARDS, Long.MAX_VALUE, 3))
                .extracting(RecordedEvent::revision).containsExactly(9L, 8L, 7L);
        assertThat(store.readStream(s, ReadDirection.BACKWARDS, 1, 5))
                .extracting(RecordedEvent::revision).containsExactly(1L, 0L);
        assertThat(store.readStream(s, ReadDirection.FORWARDS, 8, 5))
                .extracting(RecordedEvent::revision).containsExactly(8L, 9L);
        assertThat(store.readStream(s, ReadDirection.FORWARDS, 20, 5)).isEmpty();
    }

    @Test
    void deletionsHideStreamEventsButTheGlobalLogKeepsThem() {
        StreamId a = StreamId.of("cart-a");
        StreamId b = StreamId.of("cart-b");
        StreamId c = StreamId.of("cart-c");
        store.append(a, ExpectedRevision.noStream(), event("Added", 0), event("Added", 1), event("Added", 2));
        store.append(b, ExpectedRevision.noStream(), event("Added", 0));
        store.append(c, ExpectedRevision.noStream(), event("Added", 0));

        store.delete(a, ExpectedRevision.exactly(2), Deletion.truncateBefore(2));
        assertThat(store.readStream(a)).extracting(RecordedEvent::revision).containsExactly(2L);

        store.delete(b, ExpectedRevision.exists(), Deletion.soft());
        assertThatThrownBy(() -> store.readStream(b)).isInstanceOf(StreamNotFoundException.class);
        store.append(b, ExpectedRevision.noStream(), event("Added", 1));
        assertThat(store.readStream(b)).extracting(RecordedEvent::revision).containsExactly(1L);

        store.delete(c, ExpectedRevision.any(), Deletion.tombstone());
        assertThatThrownBy(() -> store.readStream(c)).isInstanceOf(StreamDeletedException.class);
        assertThatThrownBy(() -> store.append(c, ExpectedRevision.any(), event("Added", 1)))
                .isInstanceOf(StreamDeletedException.class);

        assertThat(store.readAll(Position.START, LogFilter.all(), 100)).hasSize(6);
    }

    @Test
    void filtersTheGlobalLogByCategoryAndType() {
        store.append(StreamId.of("order-1"), ExpectedRevision.any(), event("Placed", 1));
        store.append(StreamId.of("user-1"), ExpectedRevision.any(), event("Joined", 2));
        store.append(StreamId.of("order-2"), ExpectedRevision.any(), event("Placed", 3), event("Paid", 4));
        store.append(StreamId.of("stock-1"), ExpectedRevision.any(), event("Paid", 5));

        assertThat(store.readAll(Position.START, LogFilter.categories("order"), 10))
                .extracting(e -> e.position().value()).containsExactly(1L, 3L, 4L);
        assertThat(store.readAll(Position.START, LogFilter.categories("order", "stock"), 10))
                .extracting(e -> e.position().value()).containsExactly(1L, 3L, 4L, 5L);
        assertThat(store.readAll(Position.of(3), LogFilter.categories("order", "stock", "user"), 1))
                .extracting(e -> e.position().value()).containsExactly(4L);
        assertThat(store.readAll(Position.START, LogFilter.types("Paid"), 10))
                .extracting(e -> e.position().value()).containsExactly(4L, 5L);
        assertThat(store.readAll(Position.START, LogFilter.categories("order", "user").andTypes(
                java.util.Set.of("Placed", "Joined")), 10))
                .extracting(e -> e.position().value()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void subscriptionsAreWokenByCommitsNotByTheirIdleRecheck() throws Exception {
        List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription sub = store.subscribe(Position.START, LogFilter.all(), seen::add)) {
            store.append(StreamId.of("live-1"), ExpectedRevision.any(), event("Ping", 0));
            assertThat(sub.awaitPosition(Position.of(1), Duration.ofSeconds(5))).isTrue();
            // The subscription's idle recheck is 1 s: ten round trips relying on it would take ~5 s.
            long started = System.nanoTime();
            for (int i = 1; i <= 10; i++) {
                AppendResult next = store.append(StreamId.of("live-1"), ExpectedRevision.any(), event("Ping", i));
                assertThat(sub.awaitPosition(next.position(), Duration.ofSeconds(5))).isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(sub.state()).isEqualTo(SubscriptionState.LIVE);
        }
        assertThat(seen).hasSize(11);
    }

    @Test
    void eventsSurviveReopening() {
        store.append(StreamId.of("keep-1"), ExpectedRevision.noStream(), event("Kept", 1));
        store.close();
        store = SqliteEventStore.open(dir.resolve("events.db"));
        assertThat(store.readStream(StreamId.of("keep-1"))).hasSize(1);
        assertThat(store.append(StreamId.of("keep-1"), ExpectedRevision.exactly(0), event("Kept", 2)))
                .isEqualTo(new AppendResult(1, Position.of(2)));
    }

    @Test
    void everyCallAfterCloseRaisesStoreClosed() {
        store.close();
        StreamId s = StreamId.of("late-1");
        assertThatThrownBy(() -> store.append(s, ExpectedRevision.any(), event("Late", 1)))
                .isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store.readStream(s)).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store.readAll(Position.START, LogFilter.all(), 1))
                .isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(store::head).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store.delete(s, ExpectedRevision.any(), Deletion.soft()))
                .isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store.subscribe(Position.START, LogFilter.all(), e -> { }))
                .isInstanceOf(StoreClosedException.class);
    }
}
