package dev.vellum.store.tck;

import static dev.vellum.store.ExpectedRevision.any;
import static dev.vellum.store.ExpectedRevision.exactly;
import static dev.vellum.store.ExpectedRevision.exists;
import static dev.vellum.store.ExpectedRevision.noStream;
import static dev.vellum.store.ReadDirection.BACKWARDS;
import static dev.vellum.store.ReadDirection.FORWARDS;
import static dev.vellum.store.StreamReader.END;
import static dev.vellum.store.WrongExpectedRevisionException.NO_STREAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.store.Subscription;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deletion: a soft delete hides a stream until it is written again, a tombstone ends it for ever,
 * truncate-before hides its early revisions; each under an enforced expected revision; and the
 * global log keeps every event regardless.
 */
abstract class DeletionTests extends StoreTestSupport {

    private final StreamId order = StreamId.of("order-1");

    /** Revisions 0-2. */
    private List<RecordedEvent> threeEvents() {
        store.append(order, noStream(), events(3));
        return store.readStream(order);
    }

    private void assertNotFound(StreamId stream) {
        for (Runnable read : List.<Runnable>of(() -> store.readStream(stream),
                () -> store.readStream(stream, FORWARDS, 0, 10), () -> store.readStream(stream, BACKWARDS, END, 10))) {
            assertRejectedAndUnchanged(StreamNotFoundException.class, read::run, stream);
        }
    }

    private void assertTombstoned(StreamId stream) {
        for (Runnable call : List.<Runnable>of(() -> store.readStream(stream),
                () -> store.readStream(stream, BACKWARDS, END, 10),
                () -> store.append(stream, any(), events(1)), () -> store.append(stream, noStream(), events(1)),
                () -> store.append(stream, exists(), events(1)), () -> store.append(stream, exactly(2), events(1)),
                () -> store.delete(stream, any(), Deletion.soft()), () -> store.delete(stream, any(), Deletion.tombstone()),
                () -> store.delete(stream, any(), Deletion.truncateBefore(1)))) {
            assertThat(assertRejectedAndUnchanged(StreamDeletedException.class, call::run, stream).stream()).isEqualTo(stream);
        }
    }

    @Test
    void aSoftDeletedStreamReadsAsNotFound() {
        threeEvents();
        store.delete(order, exactly(2), Deletion.soft());
        assertNotFound(order);
        assertRejectedAndUnchanged(StreamNotFoundException.class, () -> store.delete(order, any(), Deletion.soft()), order);
    }

    @Test
    void aSoftDeletedStreamIsWrittenAgainWithNoStreamAndItsRevisionsContinue() {
        threeEvents();
        store.delete(order, any(), Deletion.soft());
        EventData again = event("Reopened");
        assertThat(store.append(order, noStream(), again).revision()).isEqualTo(3);

        assertThat(store.readStream(order)).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(again.id());
            assertThat(e.revision()).isEqualTo(3);
        });
        assertThat(revisions(store.readStream(order, FORWARDS, 0, 10))).as("reads start after the deletion").containsExactly(3L);
        assertThat(revisions(store.readStream(order, BACKWARDS, END, 10))).containsExactly(3L);
        assertThat(store.readStream(order, BACKWARDS, 2, 10)).isEmpty();
        assertThat(store.append(order, exactly(3), events(1)).revision()).isEqualTo(4);
    }

    @Test
    void aSoftDeletedStreamCountsAsMissingForExpectedRevisions() {
        threeEvents();
        store.delete(order, exactly(2), Deletion.soft());
        assertWrongRevision(() -> store.append(order, exists(), events(1)), order, exists(), NO_STREAM);
        assertWrongRevision(() -> store.append(order, exactly(2), events(1)), order, exactly(2), NO_STREAM);
        assertWrongRevision(() -> store.delete(order, exactly(2), Deletion.tombstone()), order, exactly(2), NO_STREAM);
        assertThat(store.append(order, any(), events(1)).revision()).isEqualTo(3);
    }

    @Test
    void aTombstonedStreamCanNeverBeReadWrittenOrDeletedAgain() {
        threeEvents();
        store.delete(order, exactly(2), Deletion.tombstone());
        assertTombstoned(order);
    }

    @Test
    void aSoftDeletedStreamCanBeTombstoned() {
        threeEvents();
        store.delete(order, any(), Deletion.soft());
        store.delete(order, noStream(), Deletion.tombstone());
        assertTombstoned(order);
    }

    @Test
    void tombstoningANeverWrittenStreamReservesTheName() {
        store.delete(order, noStream(), Deletion.tombstone());
        assertTombstoned(order);
        assertThat(store.head()).isEqualTo(Position.START);
    }

    @Test
    void truncateBeforeHidesEarlierRevisionsButTheStreamGoesOn() {
        store.append(order, noStream(), events(5));
        store.delete(order, exactly(4), Deletion.truncateBefore(3));

        assertThat(revisions(store.readStream(order))).containsExactly(3L, 4L);
        assertThat(revisions(store.readStream(order, FORWARDS, 0, 10))).containsExactly(3L, 4L);
        assertThat(revisions(store.readStream(order, BACKWARDS, END, 10))).containsExactly(4L, 3L);
        assertThat(store.readStream(order, BACKWARDS, 2, 10)).isEmpty();
        assertWrongRevision(() -> store.append(order, noStream(), events(1)), order, noStream(), 4);
        assertThat(store.append(order, exactly(4), events(1)).revision()).isEqualTo(5);
        assertThat(store.append(order, exists(), events(1)).revision()).isEqualTo(6);
        assertThat(revisions(store.readStream(order))).containsExactly(3L, 4L, 5L, 6L);
    }

    @Test
    void truncatingNeverBringsHiddenEventsBack() {
        store.append(order, noStream(), events(5));
        store.delete(order, any(), Deletion.truncateBefore(3));
        store.delete(order, any(), Deletion.truncateBefore(1));
        assertThat(revisions(store.readStream(order))).containsExactly(3L, 4L);
        store.delete(order, any(), Deletion.truncateBefore(0));
        assertThat(revisions(store.readStream(order))).containsExactly(3L, 4L);
        store.delete(order, any(), Deletion.truncateBefore(4));
        assertThat(revisions(store.readStream(order))).containsExactly(4L);
    }

    @Test
    void truncatingJustPastTheLastRevisionLeavesAnExistingStreamThatReadsEmpty() {
        store.append(order, noStream(), events(2));
        store.delete(order, exactly(1), Deletion.truncateBefore(2));

        assertThat(store.readStream(order)).isEmpty();
        assertThat(store.readStream(order, BACKWARDS, END, 10)).isEmpty();
        assertWrongRevision(() -> store.append(order, noStream(), events(1)), order, noStream(), 1);
        store.append(order, exactly(1), events(4));
        assertThat(revisions(store.readStream(order))).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void everyDeletionEnforcesTheExpectedRevision() {
        List<RecordedEvent> before = threeEvents();
        for (Deletion deletion : List.of(Deletion.soft(), Deletion.tombstone(), Deletion.truncateBefore(1))) {
            for (ExpectedRevision wrong : List.of(exactly(1), exactly(3), noStream())) {
                assertWrongRevision(() -> store.delete(order, wrong, deletion), order, wrong, 2);
            }
        }
        assertThat(store.readStream(order)).isEqualTo(before);
        assertThat(store.append(order, exactly(2), events(1)).revision()).isEqualTo(3);
        store.delete(order, exactly(3), Deletion.truncateBefore(1));
        store.delete(order, exists(), Deletion.soft());
        assertNotFound(order);
    }

    @Test
    void deletingAMissingStreamRaisesStreamNotFound() {
        store.append(StreamId.of("order-2"), noStream(), events(1));
        for (Deletion deletion : List.of(Deletion.soft(), Deletion.truncateBefore(0), Deletion.truncateBefore(2))) {
            assertRejectedAndUnchanged(StreamNotFoundException.class, () -> store.delete(order, any(), deletion), order);
        }
        assertWrongRevision(() -> store.delete(order, exists(), Deletion.soft()), order, exists(), NO_STREAM);
        assertThat(store.append(order, noStream(), events(1)).revision()).isEqualTo(0);
    }

    @Test
    void theGlobalLogKeepsTheHistoryOfDeletedStreams() throws Exception {
        StreamId soft = StreamId.of("soft-1");
        StreamId tombstoned = StreamId.of("tomb-1");
        StreamId truncated = StreamId.of("trunc-1");
        for (StreamId stream : List.of(soft, tombstoned, truncated)) {
            store.append(stream, noStream(), events(3));
        }
        List<RecordedEvent> history = readAllEvents();
        Position head = store.head();

        store.delete(soft, any(), Deletion.soft());
        store.delete(tombstoned, any(), Deletion.tombstone());
        store.delete(truncated, any(), Deletion.truncateBefore(2));
        assertThat(store.head()).as("a deletion adds no event").isEqualTo(head);
        assertThat(readAllEvents()).isEqualTo(history);
        assertThat(readAllEvents(LogFilter.categories("tomb"))).hasSize(3);

        store.append(soft, noStream(), events(1));
        List<RecordedEvent> now = readAllEvents();
        assertThat(now.subList(0, history.size())).isEqualTo(history);
        assertThat(now.getLast().position()).as("positions are never reused").isGreaterThan(head);

        RecordingHandler handler = new RecordingHandler();
        Subscription rebuild = subscribe(Position.START, LogFilter.all(), handler);
        assertThat(rebuild.awaitPosition(store.head(), Duration.ofSeconds(10))).isTrue();
        assertThat(handler.received()).as("a rebuild from zero sees the same log").isEqualTo(now);
    }
}
