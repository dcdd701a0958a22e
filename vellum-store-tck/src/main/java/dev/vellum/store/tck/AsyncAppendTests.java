package dev.vellum.store.tck;

import static dev.vellum.store.ExpectedRevision.exactly;
import static dev.vellum.store.ExpectedRevision.noStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.InvalidEventException;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.WrongExpectedRevisionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code appendAsync}: the same results and typed errors as a blocking append, delivered through the
 * future; appends queued one after another by one thread are written in that order, so each may
 * expect the revision the one before it will produce; actions chained on the future may use the store.
 */
abstract class AsyncAppendTests extends StoreTestSupport {

    private static final int STREAMS = 8;
    private static final int APPENDS_PER_STREAM = 25;

    @Test
    void appendsInFlightFromOneThreadCommitInTheOrderTheyWereQueued() {
        List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
        List<EventData> queued = new ArrayList<>();
        for (int revision = 0; revision < APPENDS_PER_STREAM; revision++) {
            for (int s = 0; s < STREAMS; s++) {
                EventData event = event("Happened");
                queued.add(event);
                futures.add(store.appendAsync(stream(s), revision == 0 ? noStream() : exactly(revision - 1),
                        List.of(event)));
            }
        }

        List<AppendResult> results = futures.stream().map(f -> f.orTimeout(30, TimeUnit.SECONDS).join()).toList();

        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).revision()).as("append %d", i).isEqualTo(i / STREAMS);
        }
        assertThat(results).extracting(AppendResult::position).isSorted().doesNotHaveDuplicates();
        List<RecordedEvent> log = readAllEvents();
        assertThat(ids(log)).containsExactlyElementsOf(idsOf(queued));
        assertThat(log).extracting(RecordedEvent::position)
                .containsExactlyElementsOf(results.stream().map(AppendResult::position).toList());
    }

    @Test
    void aWrongExpectedRevisionFailsTheFutureWithTheTypedErrorAndWritesNothing() {
        StreamId order = stream(1);
        store.append(order, noStream(), events(2));

        CompletableFuture<AppendResult> wrong = store.appendAsync(order, exactly(5), events(1));

        assertThat(wrong).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(WrongExpectedRevisionException.class)
                .withMessageContaining("revision 1");
        assertThat(revisions(store.readStream(order))).containsExactly(0L, 1L);
    }

    @Test
    void anAppendExpectingTheRevisionOfAFailedOneBeforeItFailsToo() {
        StreamId order = stream(1);
        store.append(order, noStream(), events(1));

        CompletableFuture<AppendResult> failing = store.appendAsync(order, noStream(), events(1));
        CompletableFuture<AppendResult> after = store.appendAsync(order, exactly(1), events(1));

        assertThat(failing).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(WrongExpectedRevisionException.class);
        assertThat(after).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(WrongExpectedRevisionException.class);
        assertThat(store.readStream(order)).hasSize(1);
    }

    @Test
    void badInputFailsTheFutureInsteadOfThrowingAndChangesNothing() {
        CompletableFuture<AppendResult> empty = store.appendAsync(stream(1), noStream(), List.of());
        CompletableFuture<AppendResult> malformed = store.appendAsync(stream(1), noStream(),
                List.of(EventData.of("Happened", "{not json")));

        assertThat(empty).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(InvalidEventException.class);
        assertThat(malformed).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(InvalidEventException.class);
        assertThat(readAllEvents()).isEmpty();
    }

    @Test
    void actionsChainedOnTheFutureMayAppendAgainAndWait() {
        List<CompletableFuture<AppendResult>> chained = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            StreamId stream = stream(s);
            // run by the store's writer, this wait could never end: it gives up after 5 s and fails the test
            chained.add(store.appendAsync(stream, noStream(), events(1)).thenApply(first -> store
                    .appendAsync(stream, exactly(first.revision()), events(1)).orTimeout(5, TimeUnit.SECONDS).join()));
        }

        List<AppendResult> seconds = chained.stream().map(f -> f.orTimeout(30, TimeUnit.SECONDS).join()).toList();

        assertThat(seconds).extracting(AppendResult::revision).containsOnly(1L);
        assertThat(readAllEvents()).hasSize(STREAMS * 2);
    }

    @Test
    void aClosedStoreFailsTheFutureWithStoreClosed() {
        EventStore closed = store;
        closed.close();

        CompletableFuture<AppendResult> refused = closed.appendAsync(stream(1), noStream(), events(1));

        assertThat(refused).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(StoreClosedException.class);
    }

    private static StreamId stream(int n) {
        return StreamId.of("order-" + n);
    }
}
