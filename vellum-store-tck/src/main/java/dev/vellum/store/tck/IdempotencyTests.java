package dev.vellum.store.tck;

import static dev.vellum.store.ExpectedRevision.any;
import static dev.vellum.store.ExpectedRevision.exactly;
import static dev.vellum.store.ExpectedRevision.exists;
import static dev.vellum.store.ExpectedRevision.noStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vellum.store.AppendResult;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.IdempotencyConflictException;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 3: re-sending an append with the same event ids after a lost reply stores nothing
 * twice and returns the original result, whatever happened since; reusing ids in any other way is
 * a typed conflict that writes nothing.
 */
abstract class IdempotencyTests extends StoreTestSupport {

    private final StreamId order = StreamId.of("order-1");
    private final StreamId other = StreamId.of("order-2");

    @Test
    void aResentAppendStoresNothingTwiceAndReturnsTheOriginalResult() {
        List<EventData> events = events(3);
        AppendResult original = store.append(order, noStream(), events);

        for (int retry = 0; retry < 3; retry++) {
            AppendResult[] again = new AppendResult[1];
            assertUnchangedBy(() -> again[0] = store.append(order, noStream(), events));
            assertThat(again[0]).isEqualTo(original);
        }
        assertThat(ids(store.readStream(order))).containsExactlyElementsOf(idsOf(events));
    }

    @Test
    void aRetryWithANowStaleExpectedRevisionStillReturnsTheOriginalResult() {
        List<EventData> first = events(2);
        AppendResult original = store.append(order, noStream(), first);
        store.append(order, exactly(1), events(2));

        for (var stale : List.of(noStream(), exactly(1), exactly(0), exists(), any())) {
            AppendResult[] again = new AppendResult[1];
            assertUnchangedBy(() -> again[0] = store.append(order, stale, first));
            assertThat(again[0]).as("retry with expected revision %s", stale).isEqualTo(original);
        }
    }

    @Test
    void aRetryAfterOtherAppendsReturnsTheOriginalResultNotTheHead() {
        store.append(order, noStream(), events(1));
        List<EventData> second = events(2);
        AppendResult original = store.append(order, exactly(0), second);
        store.append(order, exactly(2), events(4));
        store.append(other, noStream(), events(3));

        AppendResult[] again = new AppendResult[1];
        assertUnchangedBy(() -> again[0] = store.append(order, exactly(0), second));
        assertThat(again[0]).isEqualTo(original);
        assertThat(again[0].position()).isLessThan(store.head());
        assertThat(again[0].revision()).isEqualTo(2);
    }

    @Test
    void aSingleEventRetryIsRecognisedToo() {
        EventData event = event("Happened");
        AppendResult original = store.append(order, any(), event);
        store.append(order, any(), event("Happened"));
        assertThat(store.append(order, any(), event)).isEqualTo(original);
        assertThat(store.readStream(order)).hasSize(2);
    }

    @Test
    void reusingSomeIdsAmongNewOnesIsAConflictAndWritesNothing() {
        List<EventData> stored = events(2);
        store.append(order, noStream(), stored);
        EventData fresh = event("Happened");

        assertRejectedAndUnchanged(IdempotencyConflictException.class,
                () -> store.append(order, exactly(1), stored.get(1), fresh), order);
        assertRejectedAndUnchanged(IdempotencyConflictException.class,
                () -> store.append(order, any(), fresh, stored.get(0)), order);
        assertRejectedAndUnchanged(IdempotencyConflictException.class,
                () -> store.append(order, any(), stored.get(0), stored.get(1), fresh), order);
        assertThat(ids(readAllEvents())).doesNotContain(fresh.id());
        assertThat(store.append(order, exactly(1), fresh).revision()).isEqualTo(2);
    }

    @Test
    void reusingIdsInAnotherStreamIsAConflict() {
        List<EventData> stored = events(2);
        store.append(order, noStream(), stored);

        assertRejectedAndUnchanged(IdempotencyConflictException.class,
                () -> store.append(other, noStream(), stored), order, other);
        assertRejectedAndUnchanged(IdempotencyConflictException.class,
                () -> store.append(other, any(), stored.get(0)), order, other);
        assertRejectedAndUnchanged(StreamNotFoundException.class, () -> store.readStream(other), other);
    }

    @Test
    void resendingTheSameIdsInAnotherOrderIsAConflict() {
        List<EventData> stored = events(3);
        store.append(order, noStream(), stored);
        assertRejectedAndUnchanged(IdempotencyConflictException.class,
                () -> store.append(order, any(), stored.get(1), stored.get(0), stored.get(2)), order);
    }

    @Test
    void idsOfTwoSeparateAppendsAreNotOneRetry() {
        EventData first = event("Happened");
        EventData third = event("Happened");
        store.append(order, noStream(), first);
        store.append(order, exactly(0), event("Happened"));
        store.append(order, exactly(1), third);
        assertRejectedAndUnchanged(IdempotencyConflictException.class,
                () -> store.append(order, any(), first, third), order);
    }

    /**
     * Whether a resend of only part of an earlier append counts as a retry or a conflict is left
     * to the store; either way nothing may be stored twice.
     */
    @Test
    void aPartialResendOfAnEarlierAppendNeverStoresAnythingTwice() {
        List<EventData> stored = events(3);
        AppendResult original = store.append(order, noStream(), stored);
        AtomicReference<AppendResult> result = new AtomicReference<>();

        Snapshot before = snapshot(order);
        Throwable thrown = catchThrowable(() -> result.set(store.append(order, any(), stored.subList(0, 2))));
        assertThat(snapshot(order)).isEqualTo(before);
        if (thrown == null) {
            assertThat(result.get()).isIn(original, new AppendResult(1, store.readStream(order).get(1).position()));
        } else {
            assertThat(thrown).isInstanceOf(IdempotencyConflictException.class);
        }
    }

    @Test
    void theSameDataUnderNewIdsIsANewAppend() {
        EventData event = event("Happened");
        store.append(order, noStream(), event);
        AppendResult second = store.append(order, exactly(0), withNewId(event));
        assertThat(second.revision()).isEqualTo(1);
        assertThat(store.readStream(order)).extracting(e -> e.data()).containsExactly(event.data(), event.data());
    }

    @Test
    void aRetryAfterASoftDeleteStillStoresNothingTwice() {
        List<EventData> stored = events(2);
        AppendResult original = store.append(order, noStream(), stored);
        store.delete(order, exactly(1), Deletion.soft());

        AppendResult[] again = new AppendResult[1];
        assertUnchangedBy(() -> again[0] = store.append(order, noStream(), stored));
        assertThat(again[0]).isEqualTo(original);
        assertThat(ids(readAllEvents())).containsExactlyElementsOf(idsOf(stored));
    }

    private void assertUnchangedBy(Runnable retry) {
        Snapshot before = snapshot(order, other);
        retry.run();
        assertThat(snapshot(order, other)).as("a retry must store nothing").isEqualTo(before);
    }
}
