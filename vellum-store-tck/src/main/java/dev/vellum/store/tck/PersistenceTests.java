package dev.vellum.store.tck;

import static dev.vellum.store.ExpectedRevision.any;
import static dev.vellum.store.ExpectedRevision.exactly;
import static dev.vellum.store.ExpectedRevision.noStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.store.AppendResult;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.IdempotencyConflictException;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Metadata;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.store.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 1 as far as a test in one process can check it: after a close and a reopen of the same
 * directory, everything is still there and every rule still holds: events with their metadata and
 * timestamps, positions and revisions (which continue, never reused), deletions, and the event ids
 * that make retries idempotent.
 */
abstract class PersistenceTests extends StoreTestSupport {

    private final StreamId order = StreamId.of("order-1");
    private final StreamId invoice = StreamId.of("invoice-1");

    @Test
    void anEmptyStoreReopensEmpty() {
        reopen();
        assertThat(store.head()).isEqualTo(Position.START);
        assertThat(readAllEvents()).isEmpty();
    }

    @Test
    void reopeningKeepsEveryEventExactly() {
        Metadata metadata = new Metadata("corr-1", "cause-1", java.util.Map.of("$schema", "3", "who", "\u00E9mile"));
        store.append(order, noStream(), event("OrderPlaced").withMetadata(metadata), event("LineAdded"));
        store.append(invoice, noStream(), EventData.of("InvoiceSent", " { \"amount\" : 12.50 } "));
        store.append(order, exactly(1), events(3));
        Snapshot before = snapshot(order, invoice);

        reopen();
        assertThat(snapshot(order, invoice)).isEqualTo(before);
        reopen();
        assertThat(snapshot(order, invoice)).as("after a second reopen").isEqualTo(before);
    }

    @Test
    void positionsAndRevisionsContinueAfterReopen() {
        store.append(order, noStream(), events(3));
        store.append(invoice, noStream(), events(1));
        Position head = store.head();
        reopen();

        assertWrongRevision(() -> store.append(order, noStream(), events(1)), order, noStream(), 2);
        AppendResult next = store.append(order, exactly(2), events(2));
        assertThat(next.revision()).isEqualTo(4);
        assertThat(next.position()).as("positions are never reused").isGreaterThan(head);
        List<RecordedEvent> log = readAllEvents();
        assertStrictlyIncreasingPositions(log);
        assertThat(log).hasSize(6);
        assertThat(store.head()).isEqualTo(next.position());
    }

    @Test
    void deletionsSurviveReopen() {
        StreamId soft = StreamId.of("soft-1");
        StreamId tomb = StreamId.of("tomb-1");
        StreamId trunc = StreamId.of("trunc-1");
        for (StreamId stream : List.of(soft, tomb, trunc)) {
            store.append(stream, noStream(), events(4));
        }
        store.delete(soft, exactly(3), Deletion.soft());
        store.delete(tomb, exactly(3), Deletion.tombstone());
        store.delete(trunc, exactly(3), Deletion.truncateBefore(2));
        StreamId neverWritten = StreamId.of("reserved-1");
        store.delete(neverWritten, noStream(), Deletion.tombstone());
        List<RecordedEvent> history = readAllEvents();
        reopen();

        assertRejectedAndUnchanged(StreamNotFoundException.class, () -> store.readStream(soft), soft);
        assertRejectedAndUnchanged(StreamDeletedException.class, () -> store.readStream(tomb), tomb);
        assertRejectedAndUnchanged(StreamDeletedException.class, () -> store.append(tomb, any(), events(1)), tomb);
        assertRejectedAndUnchanged(StreamDeletedException.class, () -> store.append(neverWritten, any(), events(1)), neverWritten);
        assertThat(revisions(store.readStream(trunc))).containsExactly(2L, 3L);
        assertThat(readAllEvents()).as("the global log keeps the history").isEqualTo(history);

        assertThat(store.append(soft, noStream(), events(1)).revision()).isEqualTo(4);
        assertThat(store.append(trunc, exactly(3), events(1)).revision()).isEqualTo(4);
        reopen();
        assertThat(revisions(store.readStream(soft))).containsExactly(4L);
        assertThat(revisions(store.readStream(trunc))).containsExactly(2L, 3L, 4L);
    }

    @Test
    void retriesStayIdempotentAfterReopen() {
        List<EventData> first = events(3);
        AppendResult original = store.append(order, noStream(), first);
        store.append(order, exactly(2), events(1));
        reopen();

        Snapshot before = snapshot(order, invoice);
        assertThat(store.append(order, noStream(), first)).isEqualTo(original);
        assertThat(snapshot(order, invoice)).isEqualTo(before);
        assertRejectedAndUnchanged(IdempotencyConflictException.class,
                () -> store.append(order, any(), first.get(2), event("New")), order);
        assertRejectedAndUnchanged(IdempotencyConflictException.class,
                () -> store.append(invoice, any(), first), order, invoice);
    }

    @Test
    void eventsAreFoundByIdAfterReopen() {
        store.append(order, noStream(), events(2));
        store.append(invoice, noStream(), events(1));
        List<RecordedEvent> log = readAllEvents();
        reopen();

        for (RecordedEvent event : log) {
            assertThat(store.readEvent(event.id())).contains(event);
        }
        assertThat(store.readEvent(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aCommandSentAgainAfterReopenReturnsItsOriginalResult() {
        var accounts = TestAccounts.handler(store).build();
        accounts.handle(order, new TestAccounts.Deposit(10), CommandMetadata.of("deposit-1"));
        CommandResult<TestAccounts.Event> original =
                accounts.handle(order, new TestAccounts.Withdraw(10), CommandMetadata.of("withdraw-1"));
        reopen();
        var reopened = TestAccounts.handler(store).build();
        Position head = store.head();

        assertThat(reopened.handle(order, new TestAccounts.Withdraw(10), CommandMetadata.of("withdraw-1")))
                .as("not decided again: the balance is 0 now").isEqualTo(original);
        assertThat(store.head()).isEqualTo(head);
    }

    @Test
    void aSubscriptionResumesFromItsCheckpointAfterReopen() throws Exception {
        store.append(order, noStream(), events(5));
        RecordingHandler before = new RecordingHandler();
        Subscription first = subscribe(Position.START, LogFilter.all(), before);
        assertThat(first.awaitPosition(store.head(), Duration.ofSeconds(10))).isTrue();
        Position checkpoint = first.position();
        reopen();

        store.append(invoice, noStream(), events(3));
        RecordingHandler after = new RecordingHandler();
        Subscription resumed = subscribe(checkpoint, LogFilter.all(), after);
        assertThat(resumed.awaitPosition(store.head(), Duration.ofSeconds(10))).isTrue();
        assertThat(ids(after.received())).containsExactlyElementsOf(ids(store.readStream(invoice)));
        assertThat(before.received()).hasSize(5);
        assertThat(readAllEvents()).isEqualTo(concat(before.received(), after.received()));
    }

    private static List<RecordedEvent> concat(List<RecordedEvent> a, List<RecordedEvent> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
