package dev.vellum.store.tck;

import static dev.vellum.store.ExpectedRevision.exactly;
import static dev.vellum.store.ExpectedRevision.noStream;
import static dev.vellum.store.ReadDirection.BACKWARDS;
import static dev.vellum.store.ReadDirection.FORWARDS;
import static dev.vellum.store.StreamReader.END;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Metadata;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.store.StreamReader;
import dev.vellum.store.spi.AppendMark;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Reading one stream: forwards and backwards from a revision with a limit, paging to either end,
 * an unknown stream, argument checks, and exact round trips of data, metadata and timestamps.
 */
abstract class StreamReadTests extends StoreTestSupport {

    private final StreamId order = StreamId.of("order-1");

    /** Ten events, revisions 0-9, written in two appends with another stream's events between. */
    private List<RecordedEvent> tenEvents() {
        store.append(order, noStream(), events(4));
        store.append(StreamId.of("noise-1"), noStream(), events(3));
        store.append(order, exactly(3), events(6));
        List<RecordedEvent> all = store.readStream(order, FORWARDS, 0, 100);
        assertThat(revisions(all)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        return all;
    }

    @Test
    void readsForwardsFromARevisionWithALimit() {
        List<RecordedEvent> all = tenEvents();
        assertThat(store.readStream(order, FORWARDS, 3, 4)).isEqualTo(all.subList(3, 7));
        assertThat(store.readStream(order, FORWARDS, 0, 1)).isEqualTo(all.subList(0, 1));
        assertThat(store.readStream(order, FORWARDS, 8, 100)).isEqualTo(all.subList(8, 10));
        assertStrictlyIncreasingPositions(all);
    }

    @Test
    void readsBackwardsFromARevisionOrFromTheEnd() {
        List<RecordedEvent> all = tenEvents();
        assertThat(revisions(store.readStream(order, BACKWARDS, 6, 3))).containsExactly(6L, 5L, 4L);
        assertThat(revisions(store.readStream(order, BACKWARDS, END, 3))).containsExactly(9L, 8L, 7L);
        assertThat(store.readStream(order, BACKWARDS, END, 100)).isEqualTo(all.reversed());
        assertThat(revisions(store.readStream(order, BACKWARDS, 0, 5))).containsExactly(0L);
        assertThat(revisions(store.readStream(order, BACKWARDS, 1_000, 1))).as("from beyond the last").containsExactly(9L);
    }

    @Test
    void pagesForwardsToTheEnd() {
        List<RecordedEvent> all = tenEvents();
        for (int limit : new int[] {1, 3, 5, 10, 11}) {
            List<RecordedEvent> collected = new ArrayList<>();
            long next = 0;
            List<RecordedEvent> page;
            do {
                page = store.readStream(order, FORWARDS, next, limit);
                assertThat(page).hasSizeLessThanOrEqualTo(limit);
                collected.addAll(page);
                next = page.isEmpty() ? next : page.getLast().revision() + 1;
            } while (page.size() == limit);
            assertThat(collected).as("paging forwards by %d", limit).isEqualTo(all);
        }
    }

    @Test
    void pagesBackwardsToTheStart() {
        List<RecordedEvent> all = tenEvents();
        for (int limit : new int[] {1, 4, 10, 11}) {
            List<RecordedEvent> collected = new ArrayList<>();
            long next = END;
            List<RecordedEvent> page;
            do {
                page = store.readStream(order, BACKWARDS, next, limit);
                assertThat(page).hasSizeLessThanOrEqualTo(limit);
                collected.addAll(page);
                next = page.isEmpty() ? -1 : page.getLast().revision() - 1;
            } while (page.size() == limit && next >= 0);
            assertThat(collected).as("paging backwards by %d", limit).isEqualTo(all.reversed());
        }
    }

    @Test
    void readingForwardsPastTheEndReturnsAnEmptyPage() {
        tenEvents();
        assertThat(store.readStream(order, FORWARDS, 10, 5)).isEmpty();
        assertThat(store.readStream(order, FORWARDS, 1_000_000, 5)).isEmpty();
        assertThat(store.readStream(order, FORWARDS, END, 5)).isEmpty();
    }

    @Test
    void theConveniencesPageThroughLongStreams() {
        int count = StreamReader.PAGE_SIZE * 2 + 345;
        store.append(order, noStream(), events(count));
        List<RecordedEvent> all = store.readStream(order);
        assertThat(revisions(all)).containsExactlyElementsOf(LongStream.range(0, count).boxed().toList());
        assertThat(store.readStream(order, FORWARDS, 0, StreamReader.PAGE_SIZE)).hasSize(StreamReader.PAGE_SIZE);
        assertThat(store.readStreamFrom(order, 1_500)).isEqualTo(all.subList(1_500, count));
    }

    @Test
    void anUnknownStreamRaisesStreamNotFound() {
        store.append(StreamId.of("order-2"), noStream(), events(1));
        for (var read : List.<Runnable>of(() -> store.readStream(order), () -> store.readStream(order, FORWARDS, 0, 10),
                () -> store.readStream(order, BACKWARDS, END, 10), () -> store.readStreamFrom(order, 5))) {
            assertThat(assertRejectedAndUnchanged(StreamNotFoundException.class, read::run, order).stream())
                    .isEqualTo(order);
        }
    }

    @Test
    void aLimitBelowOneOrANegativeRevisionIsRejected() {
        tenEvents();
        assertThatThrownBy(() -> store.readStream(order, FORWARDS, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.readStream(order, BACKWARDS, END, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.readStream(order, FORWARDS, -1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.readStream(order, BACKWARDS, -1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventsCarryWhenTheyWereRecordedToTheMillisecond() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.append(order, noStream(), events(3));
        Instant after = Instant.now();
        List<RecordedEvent> read = store.readStream(order);
        assertThat(read).allSatisfy(e -> {
            assertThat(e.recordedAt()).isBetween(before, after);
            assertThat(e.recordedAt()).isEqualTo(e.recordedAt().truncatedTo(ChronoUnit.MILLIS));
        });
        assertThat(store.readStream(order)).as("reading again gives the same records").isEqualTo(read);
    }

    @Test
    void metadataRoundTripsExactly() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("zeta", "last letter first");
        headers.put("$schema", "2");
        headers.put("alpha", "");
        headers.put("unicode \u00E9\uD83D\uDE00", "\u0437\u043D\u0430\u0447\u0435\u043D\u0438\u0435 \"quoted\" \\ back");
        headers.put("json-ish", "{\"not\":\"parsed\"}");
        List<Metadata> forms = List.of(
                new Metadata("corr-" + UUID.randomUUID(), "cause-" + UUID.randomUUID(), headers),
                new Metadata("only-correlation", null, Map.of()),
                new Metadata(null, "only-causation", Map.of()),
                new Metadata("", "", Map.of("h", "v")),
                Metadata.EMPTY);
        List<EventData> events = forms.stream().map(m -> event("Happened").withMetadata(m)).toList();
        store.append(order, noStream(), events);

        List<RecordedEvent> read = store.readStream(order);
        assertThat(read.subList(1, forms.size())).extracting(RecordedEvent::metadata)
                .containsExactlyElementsOf(forms.subList(1, forms.size()));
        // the first event of the append also carries Vellum's mark of the append's size, after the caller's headers
        Map<String, String> marked = new LinkedHashMap<>(headers);
        marked.put(AppendMark.HEADER, Integer.toString(forms.size()));
        assertThat(read.getFirst().metadata()).isEqualTo(new Metadata(forms.getFirst().correlationId(),
                forms.getFirst().causationId(), marked));
        assertThat(List.copyOf(read.getFirst().metadata().headers().keySet()))
                .as("headers keep their order").containsExactlyElementsOf(marked.keySet());
        assertThat(readAllEvents()).isEqualTo(read);
    }

    @Test
    void dataRoundTripsByteForByte() {
        List<String> forms = List.of("{}", "{\"b\":1,\"a\":[1,2.50,-0,1e3,1E-7]}", " { \"spaced\" :\ttrue }\n",
                "\"just a string\"", "42", "-0.0", "null", "true", "[]",
                "{\"name\":\"Zo\u00EB \uD83D\uDE00 \\u2028 \\\"q\\\" \\\\ \\u0000\"}",
                "{\"dup\":1,\"dup\":2}", "[[[[[[[[[[{\"deep\":[[[]]]}]]]]]]]]]]");
        List<EventData> events = forms.stream().map(f -> EventData.of("Happened", f)).toList();
        store.append(order, noStream(), events);
        assertThat(store.readStream(order)).extracting(RecordedEvent::data).containsExactlyElementsOf(forms);
        assertThat(readAllEvents(LogFilter.all())).extracting(RecordedEvent::data).containsExactlyElementsOf(forms);
    }

    @Test
    void aStreamReadsTheSameForwardsBackwardsAndThroughTheGlobalLog() {
        List<RecordedEvent> all = tenEvents();
        assertThat(store.readStream(order, BACKWARDS, END, 100).reversed()).isEqualTo(all);
        assertThat(readAllEvents(LogFilter.categories("order"))).isEqualTo(all);
        assertThat(store.readStream(order, FORWARDS, 0, 100)).isEqualTo(all);
    }

    @Test
    void aStreamWrittenWithAnyExpectedRevisionReadsLikeAnyOther() {
        store.append(order, ExpectedRevision.any(), events(2));
        store.append(order, ExpectedRevision.exists(), events(2));
        assertThat(revisions(store.readStream(order, BACKWARDS, END, 10))).containsExactly(3L, 2L, 1L, 0L);
        assertThat(store.readStream(order)).extracting(RecordedEvent::stream).containsOnly(order);
        EventData last = event("Last");
        store.append(order, exactly(3), last);
        assertThat(store.readStream(order, BACKWARDS, END, 1)).singleElement()
                .extracting(RecordedEvent::id).isEqualTo(last.id());
    }
}
