package dev.vellum.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.reactor.Emails.MailProvider;
import dev.vellum.reactor.Emails.OrderEvent;
import dev.vellum.retry.Retries;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.StreamId;
import dev.vellum.store.internal.FlakyCheckpointStore;
import dev.vellum.store.internal.FlakyLogStore;
import dev.vellum.time.Backoff;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.memory.InMemoryTimerStore;
import dev.vellum.worker.WorkerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19.1 for reactors: a log that cannot be read for a while, and a checkpoint store that refuses
 * units of work for longer than the reactor's event retries would allow, leave it {@code RETRYING} (not
 * {@code FAILED}), and it then decides and carries out each effect once.
 */
class ReactorTransientFailuresTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final FlakyLogStore store = new FlakyLogStore();
    private final FlakyCheckpointStore checkpoints = new FlakyCheckpointStore();
    private final InMemoryTimerStore outbox = new InMemoryTimerStore();
    private final MailProvider mail = new MailProvider();

    @AfterEach
    void closeStore() {
        store.close();
    }

    private void place(String orderId) {
        store.append(StreamId.of("order", orderId), ExpectedRevision.noStream(), Emails.placed(orderId));
    }

    private List<String> sent() {
        return store.readAll(Position.START, LogFilter.types("ConfirmationEmailSent"), 1_000).stream()
                .map(RecordedEvent::stream).map(StreamId::value).sorted().toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        ReactorTest.await(what, condition);
    }

    @Test
    void aReactorRidesOutAnUnreadableLogAndARefusingCheckpointStoreAndActsOnceOnEachEvent() throws Exception {
        Reactor<OrderEvent> reactor = Reactor.builder("confirmation-email", Emails.TYPES, Emails.OUTCOMES)
                .handles("OrderPlaced").decide(event -> List.of(EffectRequest.of(event.data()))).execute(mail)
                .clock(clock).eventRetries(new Retries(2, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5))))
                .build();
        try (RunningReactor running = reactor.start(store, checkpoints, outbox)) {
            place("1");
            await("the first email", () -> sent().size() == 1);

            store.failReads(Integer.MAX_VALUE);
            place("2");
            await("retrying reads", () -> running.status().state() == WorkerState.RETRYING);
            assertThat(running.status().retrying().lastError()).isInstanceOf(StoreUnavailableException.class);
            store.failReads(0);
            await("the second email", () -> sent().size() == 2);

            checkpoints.fail(5); // more than twice what its event retries allow
            place("3");
            await("retrying the decision", () -> running.status().state() == WorkerState.RETRYING);
            assertThat(running.status().retrying().nextAttempt()).isNotNull();
            await("the third email", () -> sent().size() == 3);
            assertThat(checkpoints.failed()).isEqualTo(5);
            assertThat(running.failure()).isEmpty();
            assertThat(running.status().state()).isIn(WorkerState.LIVE, WorkerState.CATCHING_UP);
            assertThat(running.status().retrying()).isNull();

            assertThat(sent()).containsExactly("reactor.outcomes-confirmation-email/order-1",
                    "reactor.outcomes-confirmation-email/order-2", "reactor.outcomes-confirmation-email/order-3");
            assertThat(mail.calls).hasSize(3);
        }
    }
}
