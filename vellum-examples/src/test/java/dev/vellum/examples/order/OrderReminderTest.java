package dev.vellum.examples.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.examples.order.OrderReminder.Status;
import dev.vellum.process.CommandRouter;
import dev.vellum.process.RunningProcess;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.sql.SqlTimerStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order-reminder process manager on SQLite, with a clock the test moves: orders placed before it
 * starts are instances too; a confirmed order's reminder is cancelled; an unconfirmed one is reminded
 * once its timer is due, and not before.
 */
class OrderReminderTest {

    private static final Duration AFTER = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void aConfirmedOrderIsNotRemindedAndAnUnconfirmedOneIsOnceItsTimerIsDue() throws Exception {
        ManualClock clock = new ManualClock(Instant.now());
        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("events.db"));
                SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read.db"))) {
            CommandHandler<OrderCommand, Order, OrderEvent> orders = CommandHandler
                    .builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();
            for (String id : new String[] {"r1", "r2"}) {
                orders.handle(StreamId.of("order", id), new OrderCommand.PlaceOrder(id, id + "@example.com",
                        BigDecimal.TEN, "EUR"), CommandMetadata.of("place-" + id));
            }
            orders.handle(StreamId.of("order", "r1"), new OrderCommand.ConfirmOrder("r1", Instant.now()),
                    CommandMetadata.of("confirm-r1"));
            RecordedEvent r2Placed = store.readStream(StreamId.of("order", "r2"), ReadDirection.FORWARDS, 0, 1).getFirst();
            try (RunningProcess<OrderReminder> process = OrderReminder.processManager(AFTER, clock)
                    .start(store, readModel, new SqlTimerStore(readModel), CommandRouter.builder().build())) {
                assertThat(process.awaitCheckpoint(store.head(), Duration.ofSeconds(10))).isTrue();
                assertThat(process.countInstances()).as("orders placed before it started are instances").isEqualTo(2);
                assertThat(process.instance("r1").state().status()).isEqualTo(Status.CANCELLED);
                assertThat(process.timers("r1")).extracting(StoredTimer::state).containsExactly(TimerState.CANCELLED);
                assertThat(process.instance("r2").state().status()).isEqualTo(Status.WAITING);
                assertThat(process.pendingTimers()).singleElement().satisfies(t -> {
                    assertThat(t.timer().due()).isEqualTo(r2Placed.recordedAt().plus(AFTER));
                    assertThat(t.timer().payload()).isEqualTo("r2");
                });

                clock.advance(AFTER.minusSeconds(5));
                Thread.sleep(300); // a timer not yet due must not fire
                assertThat(process.instance("r2").state().status()).isEqualTo(Status.WAITING);

                clock.advance(Duration.ofMinutes(1));
                await(() -> process.instance("r2").state().status() == Status.REMINDED);
                assertThat(process.timers("r2")).extracting(StoredTimer::state).containsExactly(TimerState.FIRED);
                assertThat(process.instance("r2").state().customer()).isEqualTo("r2@example.com");
                assertThat(store.readStream(process.instanceStream("r2"), ReadDirection.FORWARDS, 0, 10))
                        .extracting(RecordedEvent::type).containsExactly("ReminderScheduled", "CustomerReminded");
            }
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited too long").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
