package dev.vellum.store.tck;

import static dev.vellum.store.ExpectedRevision.any;
import static dev.vellum.store.ExpectedRevision.exactly;
import static dev.vellum.store.ExpectedRevision.noStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vellum.store.AppendTooLargeException;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.EventTooLargeException;
import dev.vellum.store.IdempotencyConflictException;
import dev.vellum.store.InvalidDeletionException;
import dev.vellum.store.InvalidEventException;
import dev.vellum.store.InvalidStreamIdException;
import dev.vellum.store.MalformedJsonException;
import dev.vellum.store.Metadata;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamAppender;
import dev.vellum.store.StreamId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guarantee 8 for appends: oversized events, malformed JSON, empty, duplicated and oversized
 * Guarantee 8 for appends: oversized events, malformed JSON, empty, duplicated and oversized
 * appends (too many events, or too many bytes together) each get a typed error and change nothing,
 * even when the bad event hides in the middle of an otherwise good batch to a stream that exists; so
 * do headers without a name or value, a reserved {@code $schema} header that is not a schema version,
 * stream names that look like other names, and a truncation past a stream's end. (Stream names are
 * checked before a store sees them; the names and values group has more of them.)
 */
abstract class BadInputTests extends StoreTestSupport {

    private final StreamId order = StreamId.of("order-1");
    private final StreamId fresh = StreamId.of("order-2");

    @BeforeEach
    final void existingStream() {
        store.append(order, noStream(), events(2));
    }

    /** The bad event between two good ones, sent to the existing stream and to a new one. */
    private <T extends Throwable> void assertBadEventRejected(Class<T> type, EventData bad) {
        List<EventData> batch = List.of(event("Good"), bad, event("Good"));
        assertRejectedAndUnchanged(type, () -> store.append(order, exactly(1), batch), order, fresh);
        assertRejectedAndUnchanged(type, () -> store.append(fresh, any(), bad), order, fresh);
    }

    @Test
    void anEventOverTheSizeLimitIsRejected() {
        EventData big = EventData.of("Big", jsonOfBytes(EventData.MAX_SIZE_BYTES + 1));
        assertBadEventRejected(EventTooLargeException.class, big);
        EventTooLargeException e = assertRejectedAndUnchanged(EventTooLargeException.class,
                () -> store.append(fresh, any(), big), order, fresh);
        assertThat(e.sizeBytes()).isEqualTo(EventData.MAX_SIZE_BYTES + 1);
        assertThat(e).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void anEventOfExactlyTheSizeLimitIsStored() {
        EventData largest = EventData.of("Big", jsonOfBytes(EventData.MAX_SIZE_BYTES));
        store.append(fresh, noStream(), largest);
        assertThat(store.readStream(fresh)).singleElement().extracting(RecordedEvent::data).isEqualTo(largest.data());
    }

    @Test
    void theSizeLimitCountsUtf8BytesNotCharacters() {
        int twoByteChars = (EventData.MAX_SIZE_BYTES - 2) / 2;
        EventData atLimit = EventData.of("Accented", "\"" + "\u00E9".repeat(twoByteChars) + "\"");
        EventData overLimit = EventData.of("Accented", "\"" + "\u00E9".repeat(twoByteChars + 1) + "\"");
        EventData fourByteOver = EventData.of("Emoji", "\"" + "\uD83D\uDE00".repeat(EventData.MAX_SIZE_BYTES / 4) + "\"");

        assertThat(assertRejectedAndUnchanged(EventTooLargeException.class, () -> store.append(fresh, any(), overLimit),
                fresh).sizeBytes()).isEqualTo(EventData.MAX_SIZE_BYTES + 2);
        assertThat(assertRejectedAndUnchanged(EventTooLargeException.class, () -> store.append(fresh, any(), fourByteOver),
                fresh).sizeBytes()).isEqualTo(EventData.MAX_SIZE_BYTES + 2);
        store.append(fresh, noStream(), atLimit);
        assertThat(store.readStream(fresh)).singleElement().extracting(RecordedEvent::data).isEqualTo(atLimit.data());
    }

    @Test
    void metadataCountsTowardsTheSizeLimit() {
        String half = "y".repeat(EventData.MAX_SIZE_BYTES / 2 + 10);
        EventData heavy = new EventData(UUID.randomUUID(), "Heavy", "\"" + half + "\"",
                Metadata.EMPTY.withHeader("note", half));
        assertBadEventRejected(EventTooLargeException.class, heavy);
        EventData light = heavy.withMetadata(Metadata.EMPTY.withHeader("note", "short"));
        store.append(fresh, noStream(), light);
        assertThat(store.readStream(fresh)).singleElement().extracting(RecordedEvent::metadata).isEqualTo(light.metadata());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t", "{", "}", "{\"a\":1", "{\"a\":1}}", "{} x", "{}{}", "{} {}", "[1,2,]",
            "{\"a\":1,}", "{'a':1}", "{a:1}", "NaN", "undefined", "tru", "\"open", "01", "1 2", "// note\n{}",
            "{\"a\":\"\u0001\"}", "{\"a\" 1}", "[1 2]", "{\"a\":1}\u0000", ",", "<xml/>"})
    void malformedJsonIsRejected(String data) {
        EventData bad = EventData.of("Broken", data);
        assertBadEventRejected(MalformedJsonException.class, bad);
        assertThat(assertRejectedAndUnchanged(MalformedJsonException.class, () -> store.append(fresh, any(), bad), fresh))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(bad.id().toString());
    }

    /**
     * A string with an unpaired UTF-16 surrogate is not Unicode text: a store that keeps UTF-8
     * would silently replace it, so the data would not read back as written.
     */
    @Test
    void textThatIsNotValidUnicodeIsRejected() {
        EventData loneHigh = EventData.of("Broken", "{\"a\":\"x\uD800y\"}");
        EventData loneLow = EventData.of("Broken", "\"\uDE00\"");
        assertBadEventRejected(MalformedJsonException.class, loneHigh);
        assertBadEventRejected(MalformedJsonException.class, loneLow);
        EventData badHeader = event("Broken").withMetadata(Metadata.EMPTY.withHeader("h", "x\uD800"));
        EventData badCorrelation = event("Broken").withMetadata(Metadata.EMPTY.withCorrelationId("\uDBFF"));
        assertBadEventRejected(InvalidEventException.class, badHeader);
        assertBadEventRejected(InvalidEventException.class, badCorrelation);
        EventData escaped = EventData.of("Escaped", "{\"a\":\"\\uD800\"}");
        store.append(fresh, noStream(), escaped);
        assertThat(store.readStream(fresh)).singleElement().extracting(RecordedEvent::data).isEqualTo(escaped.data());
    }

    @Test
    void anEmptyAppendIsRejected() {
        assertRejectedAndUnchanged(InvalidEventException.class, () -> store.append(fresh, any(), List.of()), order, fresh);
        assertRejectedAndUnchanged(InvalidEventException.class, () -> store.append(fresh, noStream()), order, fresh);
        assertRejectedAndUnchanged(InvalidEventException.class, () -> store.append(order, exactly(1), List.of()), order);
    }

    @Test
    void aNullEventIsRejected() {
        List<EventData> withNull = Arrays.asList(event("Good"), null);
        assertRejectedAndUnchanged(InvalidEventException.class, () -> store.append(order, exactly(1), withNull), order);
    }

    @Test
    void anIdUsedTwiceInOneAppendIsRejected() {
        EventData once = event("Good");
        EventData twice = new EventData(once.id(), "Other", "{}", Metadata.EMPTY);
        for (List<EventData> batch : List.of(List.of(once, once), List.of(once, event("Good"), twice))) {
            InvalidEventException e = assertRejectedAndUnchanged(InvalidEventException.class,
                    () -> store.append(fresh, noStream(), batch), order, fresh);
            assertThat(e).isNotInstanceOf(IdempotencyConflictException.class).hasMessageContaining(once.id().toString());
        }
        assertThat(ids(readAllEvents())).doesNotContain(once.id());
    }

    @Test
    void tooManyEventsInOneAppendAreRejectedAndTheLimitIsAccepted() {
        List<EventData> limit = events(StreamAppender.MAX_EVENTS_PER_APPEND);
        List<EventData> tooMany = new ArrayList<>(limit);
        tooMany.add(event("OneTooMany"));
        assertRejectedAndUnchanged(InvalidEventException.class, () -> store.append(fresh, noStream(), tooMany), order, fresh);
        assertThat(store.append(fresh, noStream(), limit).revision()).isEqualTo(StreamAppender.MAX_EVENTS_PER_APPEND - 1);
        assertThat(store.readStream(fresh)).hasSize(StreamAppender.MAX_EVENTS_PER_APPEND);
    }

    @Test
    void anAppendOverTheTotalSizeLimitIsRejectedAndOneAtTheLimitIsStored() {
        String mebibyte = jsonOfBytes(EventData.MAX_SIZE_BYTES);
        int atLimit = (int) (StreamAppender.MAX_APPEND_BYTES / EventData.MAX_SIZE_BYTES);
        List<EventData> limit = new ArrayList<>();
        for (int i = 0; i < atLimit; i++) {
            limit.add(EventData.of("Big", mebibyte));
        }
        List<EventData> tooLarge = new ArrayList<>(limit);
        tooLarge.add(event("OneTooMany"));
        AppendTooLargeException e = assertRejectedAndUnchanged(AppendTooLargeException.class,
                () -> store.append(fresh, noStream(), tooLarge), order, fresh);
        assertThat(e.sizeBytes()).isGreaterThan(StreamAppender.MAX_APPEND_BYTES);
        assertThat(e).isInstanceOf(InvalidEventException.class);
        assertThat(store.append(fresh, noStream(), limit).revision()).isEqualTo(atLimit - 1);
        assertThat(store.readStream(fresh)).hasSize(atLimit);
    }

    @Test
    void rejectedEventsCanBeSentAgainOnceFixed() {
        EventData broken = EventData.of("Fixed", "{\"a\":");
        assertRejectedAndUnchanged(MalformedJsonException.class, () -> store.append(order, exactly(1), broken), order);
        EventData fixed = new EventData(broken.id(), broken.type(), "{\"a\":1}", broken.metadata());
        assertThat(store.append(order, exactly(1), fixed).revision())
                .as("a rejected id was not remembered for idempotency").isEqualTo(2);
    }

    /** Names another name could be mistaken for: invisible characters, unusual spaces, an empty category. */
    @ParameterizedTest
    @ValueSource(strings = {"\u00A0order-1", "order-1\u00A0", "\u202Forder-1", "order-1\u202F", "order-1\u3000",
            "or\u200Bder-1", "order-\u202E1", "\uFEFForder-1", "order-1\uFEFF", "order\u2028-1", "order\u2029-1",
            "order\u00A0x-1", "order-\u00AD1", "order-\u2060-1", "order-\uDB40\uDC01-1", "-1", "-order-1"})
    void streamNamesThatLookLikeOtherNamesAreRejected(String name) {
        assertRejectedAndUnchanged(InvalidStreamIdException.class, () -> store.append(StreamId.of(name), any(), event("Named")),
                order);
        assertThat(readAllEvents()).extracting(e -> e.stream().value()).containsOnly(order.value());
    }

    @Test
    void anEmptyCategoryIsRejected() {
        assertThat(assertRejectedAndUnchanged(InvalidStreamIdException.class, () -> StreamId.of("", 1), order))
                .hasMessageContaining("category is empty");
        assertThat(catchThrowable(() -> StreamId.of("-1"))).isInstanceOf(InvalidStreamIdException.class)
                .hasMessageContaining("category would be empty");
    }

    @Test
    void aHeaderWithoutANameOrValueIsRejected() {
        Map<String, String> noName = new HashMap<>();
        noName.put(null, "x");
        Map<String, String> noValue = new HashMap<>();
        noValue.put("note", null);
        assertBadEventRejected(InvalidEventException.class, event("Headed").withMetadata(new Metadata(null, null, noName)));
        assertBadEventRejected(InvalidEventException.class, event("Headed").withMetadata(new Metadata(null, null, noValue)));
    }

    /** The reserved {@code $schema} header holds a schema version, as EventTypes writes it, or nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"", "banana", "0", "-2", "1.5", " 2", "99999999999"})
    void aReservedSchemaHeaderThatIsNotASchemaVersionIsRejected(String version) {
        EventData bad = event("Versioned").withMetadata(Metadata.EMPTY.withHeader("$schema", version));
        assertBadEventRejected(InvalidEventException.class, bad);
        assertThat(catchThrowable(() -> store.append(fresh, any(), bad))).hasMessageContaining("$schema");
    }

    @Test
    void aReservedSchemaHeaderThatIsASchemaVersionIsKeptAsItIsCopiedFromAnotherStore() {
        EventData copied = event("Versioned").withMetadata(Metadata.EMPTY.withHeader("$schema", "3"));
        store.append(fresh, noStream(), copied);
        assertThat(store.readStream(fresh)).singleElement().extracting(e -> e.metadata().header("$schema")).isEqualTo("3");
    }

    /** Truncating before a revision the stream has not reached would hide the next appends for ever. */
    @Test
    void truncatingPastTheEndOfAStreamIsRejected() {
        for (long revision : new long[] {Long.MAX_VALUE, 3}) {
            InvalidDeletionException e = assertRejectedAndUnchanged(InvalidDeletionException.class,
                    () -> store.delete(order, any(), Deletion.truncateBefore(revision)), order);
            assertThat(e).hasMessageContaining("Use 2");
        }
        store.delete(order, exactly(1), Deletion.truncateBefore(2));
        assertThat(store.readStream(order)).isEmpty();
        store.append(order, exactly(1), event("Later"));
        assertThat(store.readStream(order)).extracting(RecordedEvent::revision).containsExactly(2L);
    }
}
