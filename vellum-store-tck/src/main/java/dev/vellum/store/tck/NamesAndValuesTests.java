package dev.vellum.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.InvalidEventException;
import dev.vellum.store.InvalidExpectedRevisionException;
import dev.vellum.store.InvalidStreamIdException;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Metadata;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names and values: what a valid stream name, event type and expected revision are, and that
 * unusual but valid names survive the store unchanged, case and all.
 */
abstract class NamesAndValuesTests extends StoreTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"", " order-1", "order-1 ", "\torder-1", "order-1\n", "ord\ner-1", "a\u0000b",
            "a\u007Fb", "a\u0085b", "\u2003order-1", " ", "a\uD800-1", "a\uDC00-1", "order-\uD83D"})
    void invalidStreamNamesAreRejected(String name) {
        assertThatThrownBy(() -> StreamId.of(name))
                .isInstanceOf(InvalidStreamIdException.class)
                .hasMessageContaining("stream name");
    }

    @Test
    void streamNamesHaveALengthLimit() {
        String longest = "s-" + "x".repeat(StreamId.MAX_LENGTH - 2);
        assertThatThrownBy(() -> StreamId.of(longest + "x")).isInstanceOf(InvalidStreamIdException.class);
        assertThatThrownBy(() -> StreamId.of((String) null)).isInstanceOf(InvalidStreamIdException.class);

        StreamId stream = StreamId.of(longest);
        store.append(stream, ExpectedRevision.noStream(), event("Happened"));
        assertThat(store.readStream(stream)).singleElement().extracting(RecordedEvent::stream).isEqualTo(stream);
    }

    @Test
    void theCategoryIsThePartBeforeTheFirstDash() {
        assertThat(StreamId.of("order-42").category()).isEqualTo("order");
        assertThat(StreamId.of("order-42-line-3").category()).isEqualTo("order");
        assertThat(StreamId.of("order").category()).isEqualTo("order");
        assertThat(StreamId.of("order", 42)).isEqualTo(StreamId.of("order-42"));
        assertThat(StreamId.of("order", UUID.fromString("00000000-0000-0000-0000-000000000001")).value())
                .isEqualTo("order-00000000-0000-0000-0000-000000000001");
        assertThatThrownBy(() -> StreamId.of("ord-er", 1)).isInstanceOf(InvalidStreamIdException.class);
    }

    @Test
    void expectedRevisionsParseTheirTextForms() {
        assertThat(ExpectedRevision.parse("any")).isEqualTo(ExpectedRevision.any());
        assertThat(ExpectedRevision.parse("no-stream")).isEqualTo(ExpectedRevision.noStream());
        assertThat(ExpectedRevision.parse("exists")).isEqualTo(ExpectedRevision.exists());
        assertThat(ExpectedRevision.parse("0")).isEqualTo(ExpectedRevision.exactly(0));
        assertThat(ExpectedRevision.parse("42")).isEqualTo(ExpectedRevision.exactly(42));
        assertThat(ExpectedRevision.parse(" 7 ")).isEqualTo(ExpectedRevision.exactly(7));
        assertThat(ExpectedRevision.parse(Long.toString(Long.MAX_VALUE))).isEqualTo(ExpectedRevision.exactly(Long.MAX_VALUE));
        for (ExpectedRevision form : List.of(ExpectedRevision.any(), ExpectedRevision.noStream(),
                ExpectedRevision.exists(), ExpectedRevision.exactly(3))) {
            assertThat(ExpectedRevision.parse(form.toString())).as("parse(toString()) of %s", form).isEqualTo(form);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ANY", "Any", "noStream", "no_stream", "nostream", "exist", "-1", "-0x1", "1.5",
            "1e3", "0x10", "9223372036854775808", "abc", "1 2", "any exists", "+5", "\u0663", "\uFF11"})
    void badExpectedRevisionFormsAreRejected(String text) {
        assertThatThrownBy(() -> ExpectedRevision.parse(text))
                .isInstanceOf(InvalidExpectedRevisionException.class)
                .hasMessageContaining("no-stream");
    }

    @Test
    void negativeOrMissingExpectedRevisionsAreRejected() {
        assertThatThrownBy(() -> ExpectedRevision.parse(null)).isInstanceOf(InvalidExpectedRevisionException.class);
        assertThatThrownBy(() -> ExpectedRevision.exactly(-1)).isInstanceOf(InvalidExpectedRevisionException.class);
        assertThatThrownBy(() -> Position.of(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Deletion.truncateBefore(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "Order Placed", "Order\tPlaced", "Bestellung\u2713", "Order\u00E9", "a,b", "{x}"})
    void invalidEventTypeNamesAreRejectedBeforeReachingTheStore(String type) {
        assertThatThrownBy(() -> new EventData(UUID.randomUUID(), type, "{}", Metadata.EMPTY))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("type name");
    }

    @Test
    void validEventTypeNamesRoundTrip() {
        String longest = "T".repeat(EventData.MAX_TYPE_LENGTH);
        assertThatThrownBy(() -> EventData.of(longest + "T", "{}")).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> EventData.of(null, "{}")).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> EventData.of("Happened", null)).isInstanceOf(InvalidEventException.class);

        StreamId stream = StreamId.of("types-1");
        List<String> types = List.of(longest, "v1/Order.Placed:x$y_z-1", "a");
        store.append(stream, ExpectedRevision.noStream(), types.stream().map(t -> EventData.of(t, "{}")).toList());
        assertThat(store.readStream(stream)).extracting(RecordedEvent::type).containsExactlyElementsOf(types);
    }

    @Test
    void unusualButValidStreamNamesRoundTripThroughTheStore() {
        List<String> names = List.of("\u0437\u0430\u043A\u0430\u0437-1", "o'brien-1", "quote\"d-1", "with space-1",
                "semi;colon-1", "pct%-1", "under_score-1", "star*-1", "back\\slash-1", "emoji\uD83D\uDE00-1",
                "slash/ed-1", "trailing-dash-", "in-\u00E9-1", "\u4E2D\u6587-1");
        for (String name : names) {
            StreamId stream = StreamId.of(name);
            store.append(stream, ExpectedRevision.noStream(), event("Named"));
            assertThat(store.readStream(stream)).as(name).singleElement()
                    .satisfies(e -> assertThat(e.stream()).isEqualTo(stream))
                    .satisfies(e -> assertThat(e.stream().category()).isEqualTo(stream.category()));
        }
        assertThat(readAllEvents()).extracting(e -> e.stream().value()).containsExactlyElementsOf(names);
    }

    @Test
    void streamNamesAndCategoriesAreCaseSensitive() {
        StreamId upper = StreamId.of("Order-1");
        StreamId lower = StreamId.of("order-1");
        EventData a = event("Placed");
        EventData b = event("Placed");
        store.append(upper, ExpectedRevision.noStream(), a);
        store.append(lower, ExpectedRevision.noStream(), b);

        assertThat(ids(store.readStream(upper))).containsExactly(a.id());
        assertThat(ids(store.readStream(lower))).containsExactly(b.id());
        assertThat(ids(readAllEvents(LogFilter.categories("Order")))).containsExactly(a.id());
        assertThat(ids(readAllEvents(LogFilter.categories("order")))).containsExactly(b.id());
        assertThat(readAllEvents(LogFilter.types("placed"))).isEmpty();
    }
}
