package dev.vellum.store.tck;

import static dev.vellum.store.ExpectedRevision.any;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading the global log: every event in position order after a checkpoint, filtered by category
 * and type (names matched exactly, never as patterns or case-insensitively), limited, and paged to
 * the end.
 */
abstract class GlobalReadTests extends StoreTestSupport {

    /** Commit order of the fixture's events: stream, type. */
    private static final List<String[]> WRITES = List.of(
            new String[] {"order-1", "OrderPlaced"},
            new String[] {"invoice-1", "InvoiceSent"},
            new String[] {"order-2", "OrderPlaced"},
            new String[] {"orderline-1", "LineAdded"},
            new String[] {"order-1", "OrderShipped"},
            new String[] {"ord_r-1", "OrderPlaced"},
            new String[] {"ord%-1", "OrderPlaced"},
            new String[] {"order", "OrderPlaced"},
            new String[] {"invoice-2", "InvoicePaid"},
            new String[] {"order-2", "OrderShipped"});

    private final List<UUID> written = new ArrayList<>();
    private AppendResult last;

    @BeforeEach
    final void writeMixedLog() {
        for (String[] write : WRITES) {
            EventData event = event(write[1]);
            last = store.append(StreamId.of(write[0]), any(), event);
            written.add(event.id());
        }
    }

    private List<UUID> writtenWhere(java.util.function.Predicate<String[]> keep) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < WRITES.size(); i++) {
            if (keep.test(WRITES.get(i))) {
                ids.add(written.get(i));
            }
        }
        return ids;
    }

    @Test
    void readsEveryEventInCommitOrderWithStrictlyIncreasingPositions() {
        List<RecordedEvent> log = store.readAll(Position.START, LogFilter.all(), 100);
        assertThat(ids(log)).containsExactlyElementsOf(written);
        assertStrictlyIncreasingPositions(log);
        assertThat(log.getFirst().position()).isGreaterThan(Position.START);
        assertThat(store.head()).isEqualTo(last.position()).isEqualTo(log.getLast().position());
    }

    @Test
    void readsOnlyEventsAfterTheGivenPosition() {
        List<RecordedEvent> log = readAllEvents();
        for (int i = 0; i < log.size(); i++) {
            assertThat(ids(store.readAll(log.get(i).position(), LogFilter.all(), 100)))
                    .as("after position of event %d", i).containsExactlyElementsOf(written.subList(i + 1, written.size()));
        }
    }

    @Test
    void readingAfterTheHeadReturnsNothing() {
        assertThat(store.readAll(store.head(), LogFilter.all(), 10)).isEmpty();
        assertThat(store.readAll(Position.of(store.head().value() + 1_000), LogFilter.all(), 10)).isEmpty();
    }

    @Test
    void limitsAndPagesToTheEnd() {
        List<RecordedEvent> log = readAllEvents();
        for (int limit : new int[] {1, 3, 5, 10, 11}) {
            List<RecordedEvent> collected = new ArrayList<>();
            Position after = Position.START;
            List<RecordedEvent> page;
            do {
                page = store.readAll(after, LogFilter.all(), limit);
                assertThat(page).hasSizeLessThanOrEqualTo(limit);
                collected.addAll(page);
                after = page.isEmpty() ? after : page.getLast().position();
            } while (page.size() == limit);
            assertThat(collected).as("paging by %d", limit).isEqualTo(log);
        }
    }

    @Test
    void filtersByCategory() {
        assertThat(ids(readAllEvents(LogFilter.categories("order"))))
                .as("order-1, order-2 and the dash-less stream 'order'; not orderline-1 nor ord_r-1")
                .containsExactlyElementsOf(writtenWhere(w -> w[0].equals("order") || w[0].startsWith("order-")));
        assertThat(ids(readAllEvents(LogFilter.categories("invoice", "orderline"))))
                .containsExactlyElementsOf(writtenWhere(w -> w[0].startsWith("invoice-") || w[0].startsWith("orderline-")));
    }

    @Test
    void categoriesAreMatchedExactlyNotAsPatterns() {
        assertThat(ids(readAllEvents(LogFilter.categories("ord_r")))).containsExactlyElementsOf(writtenWhere(w -> w[0].equals("ord_r-1")));
        assertThat(ids(readAllEvents(LogFilter.categories("ord%")))).containsExactlyElementsOf(writtenWhere(w -> w[0].equals("ord%-1")));
        assertThat(readAllEvents(LogFilter.categories("ord"))).isEmpty();
        assertThat(readAllEvents(LogFilter.categories("ORDER"))).isEmpty();
        assertThat(readAllEvents(LogFilter.categories("%"))).isEmpty();
        assertThat(readAllEvents(LogFilter.categories("order-1"))).isEmpty();
    }

    @Test
    void filtersByType() {
        assertThat(ids(readAllEvents(LogFilter.types("OrderPlaced"))))
                .containsExactlyElementsOf(writtenWhere(w -> w[1].equals("OrderPlaced")));
        assertThat(ids(readAllEvents(LogFilter.types("InvoicePaid", "OrderShipped"))))
                .containsExactlyElementsOf(writtenWhere(w -> w[1].equals("InvoicePaid") || w[1].equals("OrderShipped")));
        assertThat(readAllEvents(LogFilter.types("Order%"))).isEmpty();
        assertThat(readAllEvents(LogFilter.types("orderplaced"))).isEmpty();
    }

    @Test
    void filtersByCategoryAndTypeTogether() {
        LogFilter filter = LogFilter.categories("order").andTypes(Set.of("OrderShipped"));
        assertThat(ids(readAllEvents(filter)))
                .containsExactlyElementsOf(writtenWhere(w -> w[1].equals("OrderShipped") && w[0].startsWith("order-")));
        assertThat(readAllEvents(LogFilter.categories("invoice").andTypes(Set.of("OrderPlaced")))).isEmpty();
    }

    @Test
    void aFilteredReadCountsItsLimitInKeptEventsAndPagesToTheEnd() {
        EventData rareOne = event("Rare");
        store.append(StreamId.of("noise-1"), any(), events(1_500));
        store.append(StreamId.of("rare-1"), any(), rareOne);
        store.append(StreamId.of("noise-1"), any(), events(1_500));
        EventData rareTwo = event("Rare");
        store.append(StreamId.of("rare-1"), any(), rareTwo);

        assertThat(ids(store.readAll(Position.START, LogFilter.types("Rare"), 2)))
                .as("the limit counts kept events, not scanned ones").containsExactly(rareOne.id(), rareTwo.id());
        List<RecordedEvent> first = store.readAll(Position.START, LogFilter.categories("rare"), 1);
        assertThat(ids(first)).containsExactly(rareOne.id());
        assertThat(ids(store.readAll(first.getFirst().position(), LogFilter.categories("rare"), 1))).containsExactly(rareTwo.id());
        assertThat(readAllEvents(LogFilter.categories("order"))).hasSize(5);
    }

    @Test
    void aLimitBelowOneIsRejected() {
        assertThatThrownBy(() -> store.readAll(Position.START, LogFilter.all(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.readAll(Position.START, LogFilter.all(), -5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theGlobalLogHoldsTheSameRecordsAsTheStreams() {
        List<RecordedEvent> log = readAllEvents();
        for (String name : List.of("order-1", "order-2", "invoice-1", "ord_r-1", "order")) {
            StreamId stream = StreamId.of(name);
            assertThat(store.readStream(stream)).isEqualTo(log.stream().filter(e -> e.stream().equals(stream)).toList());
        }
    }
}
