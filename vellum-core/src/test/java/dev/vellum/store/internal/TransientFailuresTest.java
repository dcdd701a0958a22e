package dev.vellum.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.retry.Retries;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.StreamId;
import dev.vellum.store.Subscription;
import dev.vellum.store.SubscriptionState;
import dev.vellum.time.Backoff;
import dev.vellum.time.Retrying;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19.1 in memory: a subscription and a projection whose reads of the log, or whose checkpoint
 * transactions, fail for a while with a {@link StoreUnavailableException} show {@code RETRYING} with the
 * error and the next attempt, and go on by themselves afterwards, skipping and repeating nothing.
 */
class TransientFailuresTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final FlakyLogStore store = new FlakyLogStore();

    @AfterEach
    void close() {
        store.close();
    }

    private Position append(int count) {
        Position last = store.head();
        for (int i = 0; i < count; i++) {
            last = store.append(StreamId.of("item-" + (i % 7)), ExpectedRevision.any(), EventData.of("Counted", "{}"))
                    .position();
        }
        return last;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    private static List<Long> upTo(Position head) {
        return LongStream.rangeClosed(1, head.value()).boxed().toList();
    }

    @Test
    void aSubscriptionRetriesReadsThatFailForAWhileAndHandsEveryEventOverOnce() throws Exception {
        append(1_200); // more than two pages
        List<Long> seen = new CopyOnWriteArrayList<>();
        store.failReads(Integer.MAX_VALUE);
        Subscription subscription = store.subscribe(Position.START, LogFilter.all(), e -> seen.add(e.position().value()));
        try {
            await("the subscription retries", () -> subscription.state() == SubscriptionState.RETRYING
                    && subscription.retrying().map(Retrying::attempt).orElse(0) >= 3);
            Retrying retrying = subscription.retrying().orElseThrow();
            assertThat(retrying.lastError()).isInstanceOf(StoreUnavailableException.class);
            assertThat(retrying.nextAttempt()).isAfter(retrying.since());
            assertThat(subscription.failure()).isEmpty();

            store.failReads(0);
            Position head = store.head();
            assertThat(subscription.awaitPosition(head, WAIT)).isTrue();
            await("live", () -> subscription.state() == SubscriptionState.LIVE);
            assertThat(subscription.retrying()).isEmpty();

            store.failReads(5); // while live: the next reads fail, then work again
            Position more = append(300);
            assertThat(subscription.awaitPosition(more, WAIT)).as("state %s", subscription.state()).isTrue();
            assertThat(store.failedReads()).isGreaterThan(5);
            assertThat(seen).containsExactlyElementsOf(upTo(more));
        } finally {
            subscription.close();
        }
        assertThat(subscription.state()).isEqualTo(SubscriptionState.CLOSED);
    }

    @Test
    void aHandlerErrorThatWaitingCuresIsRetriedAtTheSameEvent() throws Exception {
        Position head = append(20);
        List<Long> seen = new CopyOnWriteArrayList<>();
        int[] failures = {3};
        Subscription subscription = store.subscribe(Position.START, LogFilter.all(), e -> {
            if (e.position().value() == 10 && failures[0]-- > 0) {
                throw new StoreUnavailableException("the handler's database is down", null);
            }
            seen.add(e.position().value());
        });
        try {
            assertThat(subscription.awaitPosition(head, WAIT)).isTrue();
            assertThat(seen).containsExactlyElementsOf(upTo(head));
        } finally {
            subscription.close();
        }
    }

    @Test
    void closingWhileRetryingEndsTheWaitAndClosesIt() throws Exception {
        append(3);
        store.failReads(Integer.MAX_VALUE);
        Subscription subscription = store.subscribe(Position.START, LogFilter.all(), e -> { });
        await("retrying", () -> subscription.state() == SubscriptionState.RETRYING);
        subscription.close();
        assertThat(subscription.state()).isEqualTo(SubscriptionState.CLOSED);
        assertThat(subscription.failure()).isEmpty();
    }

    @Test
    void aProjectionRetriesFailingReadsAndCheckpointsAndAppliesEveryEventOnce() throws Exception {
        FlakyCheckpointStore checkpoints = new FlakyCheckpointStore();
        List<RecordedEvent> applied = new CopyOnWriteArrayList<>();
        try (ProjectionRunner runner = ProjectionRunner.create(store)) {
            RunningProjection projection = runner.start(Projection.builder("counter")
                    .handler((context, event) -> applied.add(event)).build(), checkpoints);
            Position first = append(700);
            assertThat(projection.awaitCheckpoint(first, WAIT)).isTrue();

            store.failReads(Integer.MAX_VALUE);
            Position second = append(400);
            await("the projection retries reading", () -> projection.status().state() == WorkerState.RETRYING);
            WorkerStatus retrying = projection.status();
            assertThat(retrying.retrying()).isNotNull();
            assertThat(retrying.retrying().lastError()).isInstanceOf(StoreUnavailableException.class);
            assertThat(retrying.retrying().nextAttempt()).isAfter(Instant.now().minusSeconds(1));
            store.failReads(0);
            assertThat(projection.awaitCheckpoint(second, WAIT)).as("%s", projection.status()).isTrue();

            checkpoints.fail(Integer.MAX_VALUE); // the read-model database goes down: batches and checkpoints fail
            Position third = append(500);
            await("the projection retries its batches", () -> projection.status().state() == WorkerState.RETRYING
                    && checkpoints.failed() >= 3);
            checkpoints.fail(0);
            assertThat(projection.awaitCheckpoint(third, WAIT)).as("%s", projection.status()).isTrue();
            await("live again", () -> projection.status().state() == WorkerState.LIVE);
            assertThat(projection.status().retrying()).isNull();

            assertThat(applied.stream().map(e -> e.position().value()).toList()).containsExactlyElementsOf(upTo(third));
        }
    }

    @Test
    void aHandlerErrorThatWaitingCuresIsNeitherParkedNorCountedAgainstTheErrorPolicy() throws Exception {
        FlakyCheckpointStore checkpoints = new FlakyCheckpointStore();
        List<Long> applied = new CopyOnWriteArrayList<>();
        int[] failures = {6};
        try (ProjectionRunner runner = ProjectionRunner.create(store)) {
            RunningProjection projection = runner.start(Projection.builder("parking")
                    .retries(new Retries(2, new Backoff(Duration.ofMillis(1), Duration.ofSeconds(5))))
                    .errorPolicy(dev.vellum.projection.ErrorPolicy.PARK)
                    .handler((context, event) -> {
                        if (event.position().value() == 3 && failures[0]-- > 0) {
                            throw new StoreUnavailableException("the read model's database is down", null);
                        }
                        applied.add(event.position().value());
                    }).build(), checkpoints);
            Position head = append(5);
            assertThat(projection.awaitCheckpoint(head, WAIT)).as("%s", projection.status()).isTrue();
            assertThat(projection.parkedEvents()).isEmpty();
            assertThat(applied).containsExactlyElementsOf(upTo(head));
        }
    }
}
