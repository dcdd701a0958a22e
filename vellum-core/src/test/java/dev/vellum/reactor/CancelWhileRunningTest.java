package dev.vellum.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.reactor.Emails.OrderEvent;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.memory.InMemoryTimerStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cancellation that comes while an effect runs is refused: the effect ran, and its outcome is recorded once. */
class CancelWhileRunningTest {

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryTimerStore outbox = new InMemoryTimerStore();

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void cancellingAnEffectWhileItRunsIsRefusedAndItsOutcomeIsRecordedOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Reactor<OrderEvent> reactor = Reactor.builder("confirmation-email", Emails.TYPES, Emails.OUTCOMES)
                .handles("OrderPlaced")
                .decide(event -> List.of(EffectRequest.of(event.data())))
                .execute(effect -> {
                    started.countDown();
                    assertThat(finish.await(10, TimeUnit.SECONDS)).isTrue();
                    return "msg-1";
                })
                .build();
        try (RunningReactor running = reactor.start(store, new InMemoryCheckpointStore(), outbox)) {
            store.append(StreamId.of("order", "1"), ExpectedRevision.noStream(), Emails.placed("1"));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            String key = running.pendingEffects().getFirst().key();

            assertThatThrownBy(() -> running.cancelEffect(key)).isInstanceOf(EffectNotFoundException.class)
                    .hasMessageContaining("it is running now");
            finish.countDown();

            ReactorTest.await("the effect's outbox entry closed", () -> running.pendingEffects().isEmpty());
            assertThat(outbox.find(key).orElseThrow().state()).isEqualTo(TimerState.FIRED);
            assertThat(store.readAll(Position.START, LogFilter.types("ConfirmationEmailSent"), 10)).hasSize(1);
            assertThatThrownBy(() -> running.cancelEffect(key)).isInstanceOf(EffectNotFoundException.class)
                    .hasMessageContaining("it already ran");
        }
    }
}
