package dev.vellum.store.tck;

import static dev.vellum.store.ExpectedRevision.any;
import static dev.vellum.store.ExpectedRevision.exactly;
import static dev.vellum.store.ExpectedRevision.noStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.CategorySummary;
import dev.vellum.store.Deletion;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamSummary;
import dev.vellum.store.StreamSummary.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Listing streams and categories ({@link dev.vellum.store.StreamCatalog}): name order by code
 * point, paging with {@code after}, the prefix search and its count, deleted streams with their
 * status, and the number of streams per category.
 */
abstract class CatalogTests extends StoreTestSupport {

    @Test
    void anEmptyStoreListsNothing() {
        assertThat(store.listStreams("", "", 10)).isEmpty();
        assertThat(store.countStreams("")).isZero();
        assertThat(store.listCategories("", 10)).isEmpty();
    }

    @Test
    void streamsAreListedInNameOrderWithTheirRevisions() {
        store.append(StreamId.of("order-2"), noStream(), events(3));
        store.append(StreamId.of("invoice-1"), noStream(), events(1));
        store.append(StreamId.of("order-10"), noStream(), events(2));

        assertThat(store.listStreams("", "", 10)).containsExactly(
                new StreamSummary(StreamId.of("invoice-1"), 0, 0, Status.ACTIVE),
                new StreamSummary(StreamId.of("order-10"), 1, 0, Status.ACTIVE),
                new StreamSummary(StreamId.of("order-2"), 2, 0, Status.ACTIVE));
    }

    @Test
    void pagesFollowOneAnotherWithAfter() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String name = "item-%02d".formatted(i);
            names.add(name);
            store.append(StreamId.of(name), noStream(), events(1));
        }
        List<String> listed = new ArrayList<>();
        String after = "";
        while (true) {
            List<StreamSummary> page = store.listStreams("", after, 10);
            page.forEach(s -> listed.add(s.stream().value()));
            if (page.size() < 10) {
                break;
            }
            after = page.getLast().stream().value();
        }
        assertThat(listed).containsExactlyElementsOf(names);
    }

    @Test
    void thePrefixSearchListsOnlyNamesStartingWithIt() {
        for (String name : List.of("order-1", "order-2", "orderline-1", "ord", "invoice-1", "order")) {
            store.append(StreamId.of(name), noStream(), events(1));
        }
        assertThat(names(store.listStreams("order-", "", 10))).containsExactly("order-1", "order-2");
        assertThat(names(store.listStreams("order", "", 10))).containsExactly("order", "order-1", "order-2",
                "orderline-1");
        assertThat(names(store.listStreams("order", "order-1", 2))).containsExactly("order-2", "orderline-1");
        assertThat(store.listStreams("zebra", "", 10)).isEmpty();
        assertThat(store.countStreams("order-")).isEqualTo(2);
        assertThat(store.countStreams("order")).isEqualTo(4);
        assertThat(store.countStreams("")).isEqualTo(6);
        assertThat(store.countStreams("zebra")).isZero();
    }

    @Test
    void namesAreOrderedByCodePointTheSameInEveryStore() {
        // U+FF21 (fullwidth A) sorts before U+1F600 by code point, but after it in UTF-16 order
        List<String> names = List.of("s-\uFF21", "s-\uD83D\uDE00", "s-a", "s-\u00E9");
        for (String name : names) {
            store.append(StreamId.of(name), noStream(), events(1));
        }
        assertThat(names(store.listStreams("s-", "", 10))).containsExactly("s-a", "s-\u00E9", "s-\uFF21",
                "s-\uD83D\uDE00");
    }

    @Test
    void deletedStreamsAreListedWithTheirStatus() {
        StreamId soft = StreamId.of("a-soft");
        StreamId gone = StreamId.of("a-gone");
        StreamId cut = StreamId.of("a-cut");
        store.append(soft, noStream(), events(2));
        store.append(gone, noStream(), events(1));
        store.append(cut, noStream(), events(4));
        store.delete(soft, any(), Deletion.soft());
        store.delete(gone, exactly(0), Deletion.tombstone());
        store.delete(cut, any(), Deletion.truncateBefore(3));

        List<StreamSummary> listed = store.listStreams("a-", "", 10);
        assertThat(listed).containsExactly(
                new StreamSummary(cut, 3, 3, Status.ACTIVE),
                new StreamSummary(gone, 0, 1, Status.TOMBSTONED),
                new StreamSummary(soft, 1, 2, Status.DELETED));
        assertThat(listed).extracting(StreamSummary::readableEvents).containsExactly(1L, 0L, 0L);
        assertThat(store.countStreams("a-")).as("deleted streams count too").isEqualTo(3);
    }

    @Test
    void categoriesAreListedWithTheirStreamCounts() {
        for (String name : List.of("order-1", "order-2", "order-3", "invoice-1", "audit", "user-a-b")) {
            store.append(StreamId.of(name), noStream(), events(1));
        }
        assertThat(store.listCategories("", 10)).containsExactly(new CategorySummary("audit", 1),
                new CategorySummary("invoice", 1), new CategorySummary("order", 3), new CategorySummary("user", 1));
        assertThat(store.listCategories("invoice", 2)).containsExactly(new CategorySummary("order", 3),
                new CategorySummary("user", 1));
        assertThat(store.listCategories("", 1)).containsExactly(new CategorySummary("audit", 1));
    }

    @Test
    void aListingRefusesALimitBelowOne() {
        assertThatThrownBy(() -> store.listStreams("", "", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.listCategories("", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> names(List<StreamSummary> streams) {
        return streams.stream().map(s -> s.stream().value()).toList();
    }
}
