package dev.vellum.store.tck;

import static dev.vellum.store.ExpectedRevision.any;
import static dev.vellum.store.ExpectedRevision.exactly;
import static dev.vellum.store.ExpectedRevision.exists;
import static dev.vellum.store.ExpectedRevision.noStream;
import static dev.vellum.store.WrongExpectedRevisionException.NO_STREAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.integration.internal.AppendGroup;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Metadata;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.store.spi.AppendMark;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Appends: all events of one call or none, at consecutive revisions; the result names the last
 * revision and position; every expected-revision form is enforced, and a wrong one carries the
 * actual revision and writes nothing.
 */
abstract class AppendTests extends StoreTestSupport {

    private final StreamId order = StreamId.of("order-1");

    @Test
    void anEmptyStoreHasNoEvents() {
        assertThat(store.head()).isEqualTo(Position.START);
        assertThat(store.readAll(Position.START, LogFilter.all(), 10)).isEmpty();
    }

    @Test
    void allEventsOfOneAppendGetConsecutiveRevisionsAndTheResultNamesTheLast() {
        List<EventData> events = List.of(event("OrderPlaced"), event("LineAdded"), event("OrderConfirmed"));
        AppendResult result = store.append(order, noStream(), events);

        List<RecordedEvent> read = store.readStream(order);
        assertThat(ids(read)).containsExactlyElementsOf(idsOf(events));
        assertThat(revisions(read)).containsExactly(0L, 1L, 2L);
        assertThat(read).extracting(RecordedEvent::type).containsExactly("OrderPlaced", "LineAdded", "OrderConfirmed");
        assertThat(read).extracting(RecordedEvent::data).containsExactlyElementsOf(events.stream().map(EventData::data).toList());
        assertThat(read).allSatisfy(e -> assertThat(e.stream()).isEqualTo(order));
        assertStrictlyIncreasingPositions(read);
        assertThat(read.getFirst().position()).isGreaterThan(Position.START);

        assertThat(result.revision()).isEqualTo(2);
        assertThat(result.position()).isEqualTo(read.getLast().position()).isEqualTo(store.head());
        assertThat(readAllEvents()).isEqualTo(read);
    }

    /**
     * Readers can tell one append from the next to the same stream (integration publishers hand a
     * translator one append at a time): the first event of an append of several carries their
     * number in the header {@code $append}, set by the store whatever the caller put there; the
     * events of a single-event append, and the others of a larger one, carry no such header.
     */
    @Test
    void theFirstEventOfAnAppendOfSeveralIsMarkedWithTheirNumber() {
        EventData stale = event("Copied").withMetadata(Metadata.EMPTY.withHeader(AppendMark.HEADER, "7").withHeader("who", "ada"));
        store.append(order, noStream(), List.of(event("OrderPlaced"), event("LineAdded"), event("OrderConfirmed")));
        store.append(order, exactly(2), stale);
        store.append(order, exactly(3), List.of(new EventData(UUID.randomUUID(), stale.type(), stale.data(), stale.metadata()), event("LineAdded")));

        List<RecordedEvent> read = store.readStream(order);
        assertThat(read).extracting(e -> e.metadata().header(AppendMark.HEADER)).containsExactly("3", null, null, null, "2", null);
        assertThat(read.get(3).metadata()).isEqualTo(Metadata.EMPTY.withHeader("who", "ada"));
        assertThat(read.get(4).metadata().headers()).containsEntry("who", "ada").containsEntry(AppendMark.HEADER, "2");
        assertThat(AppendGroup.from(store, read.getFirst())).isEqualTo(read.subList(0, 3));
        assertThat(AppendGroup.from(store, read.get(3))).isEqualTo(read.subList(3, 4));
        assertThat(AppendGroup.from(store, read.get(4))).isEqualTo(read.subList(4, 6));
    }

    @Test
    void revisionsCountPerStreamAndPositionsFollowCommitOrderAcrossStreams() {
        StreamId other = StreamId.of("invoice-1");
        AppendResult a1 = store.append(order, noStream(), events(2));
        AppendResult b1 = store.append(other, noStream(), events(1));
        AppendResult a2 = store.append(order, exactly(1), events(3));
        AppendResult b2 = store.append(other, exactly(0), events(1));

        assertThat(List.of(a1.revision(), b1.revision(), a2.revision(), b2.revision())).containsExactly(1L, 0L, 4L, 1L);
        assertThat(List.of(a1.position(), b1.position(), a2.position(), b2.position())).isSorted().doesNotHaveDuplicates();
        List<RecordedEvent> log = readAllEvents();
        assertThat(log).hasSize(7);
        assertStrictlyIncreasingPositions(log);
        assertThat(log).extracting(e -> e.stream().value())
                .containsExactly("order-1", "order-1", "invoice-1", "order-1", "order-1", "order-1", "invoice-1");
        assertThat(revisions(store.readStream(order))).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(revisions(store.readStream(other))).containsExactly(0L, 1L);
        assertThat(store.head()).isEqualTo(b2.position());
    }

    @Test
    void theResultIsTheExpectedRevisionOfTheNextAppend() {
        AppendResult result = store.append(order, noStream(), event("Happened"));
        for (int i = 0; i < 5; i++) {
            AppendResult next = store.append(order, exactly(result.revision()), events(2));
            assertThat(next.revision()).isEqualTo(result.revision() + 2);
            assertThat(next.position()).isGreaterThan(result.position());
            result = next;
        }
        assertThat(store.readStream(order)).hasSize(11).last().extracting(RecordedEvent::revision).isEqualTo(10L);
    }

    @Test
    void anyAcceptsANewAndAnExistingStream() {
        assertThat(store.append(order, any(), events(2)).revision()).isEqualTo(1);
        assertThat(store.append(order, any(), events(1)).revision()).isEqualTo(2);
        assertThat(revisions(store.readStream(order))).containsExactly(0L, 1L, 2L);
    }

    @Test
    void noStreamCreatesAStreamOnlyOnce() {
        assertThat(store.append(order, noStream(), events(2)).revision()).isEqualTo(1);
        assertWrongRevision(() -> store.append(order, noStream(), events(1)), order, noStream(), 1);
    }

    @Test
    void existsRequiresAWrittenStream() {
        assertWrongRevision(() -> store.append(order, exists(), events(1)), order, exists(), NO_STREAM);
        assertRejectedAndUnchanged(StreamNotFoundException.class, () -> store.readStream(order), order);
        assertThat(store.head()).isEqualTo(Position.START);

        store.append(order, noStream(), events(1));
        assertThat(store.append(order, exists(), events(2)).revision()).isEqualTo(2);
    }

    @Test
    void anExactRevisionMustBeTheLastRevision() {
        store.append(order, noStream(), events(3));
        assertWrongRevision(() -> store.append(order, exactly(1), events(1)), order, exactly(1), 2);
        assertWrongRevision(() -> store.append(order, exactly(3), events(1)), order, exactly(3), 2);
        assertWrongRevision(() -> store.append(order, exactly(0), events(1)), order, exactly(0), 2);
        assertWrongRevision(() -> store.append(order, exactly(Long.MAX_VALUE), events(1)), order,
                exactly(Long.MAX_VALUE), 2);

        assertThat(store.append(order, exactly(2), events(1)).revision()).isEqualTo(3);
        assertWrongRevision(() -> store.append(order, exactly(2), events(1)), order, exactly(2), 3);
    }

    @Test
    void anExactRevisionOnAMissingStreamFailsWithNoStream() {
        assertWrongRevision(() -> store.append(order, exactly(0), events(1)), order, exactly(0), NO_STREAM);
        assertThat(store.head()).isEqualTo(Position.START);
    }

    @Test
    void aFailedAppendWritesNoneOfItsEventsNorTouchesOtherStreams() {
        StreamId other = StreamId.of("invoice-1");
        store.append(order, noStream(), events(2));
        store.append(other, noStream(), events(2));
        List<EventData> batch = events(50);

        assertWrongRevision(() -> store.append(order, exactly(0), batch), order, exactly(0), 1);
        assertThat(ids(readAllEvents())).doesNotContainAnyElementsOf(idsOf(batch));
        assertThat(store.readStream(other)).hasSize(2);
        assertThat(store.append(order, exactly(1), batch).revision()).isEqualTo(51);
    }

    @Test
    void appendsToOneStreamDoNotMoveAnother() {
        StreamId other = StreamId.of("order-2");
        store.append(order, noStream(), events(2));
        store.append(other, noStream(), events(5));
        store.append(other, exactly(4), events(5));
        assertThat(store.append(order, exactly(1), events(1)).revision()).isEqualTo(2);
    }
}
