package dev.vellum.examples.order;

import static dev.vellum.examples.support.Deployment.await;
import static dev.vellum.examples.support.Deployment.settle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.examples.support.Deployment;
import dev.vellum.examples.support.FlakyStore;
import dev.vellum.examples.support.FlakyTimers;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.reactor.Reactor;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import dev.vellum.timer.sql.SqlTimerStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 6 on SQLite, with the process "crashing" (everything closed, files reopened) before,
 * during and after an effect: each email goes out at least once and is recorded once, the provider
 * keeps one mail per idempotency key, and a full replay or a projection rebuild sends none.
 */
class ConfirmationEmailCrashTest {

    @TempDir
    Path dir;

    private final ManualClock clock = Deployment.clock();
    private final FakeMailer mailer = new FakeMailer();
    private final Reactor<EmailEvent> reactor = ConfirmationEmails.reactor(mailer, clock, Duration.ofSeconds(10));
    private SqliteEventStore store;
    private SqliteReadModel readModel;
    private SqlTimerStore outbox;

    @BeforeEach
    void open() {
        store = SqliteEventStore.open(dir.resolve("events.db"));
        readModel = SqliteReadModel.open(dir.resolve("read.db"));
        outbox = new SqlTimerStore(readModel);
    }

    @AfterEach
    void close() {
        store.close();
        readModel.close();
    }

    /** A crash: everything closed, the files opened again by a new "process". */
    private void crashAndRestart(RunningReactor running) {
        running.close();
        close();
        open();
    }

    private <S extends TimerStore & TimerWriter<? super SqlContext>> RunningReactor start(EventStore events, S timers) {
        CheckpointStore<SqlContext> checkpoints = readModel;
        return reactor.start(events, checkpoints, timers);
    }

    private RunningReactor start() {
        return start(store, outbox);
    }

    private CommandResult<OrderEvent> place(String orderId, BigDecimal amount) {
        return CommandHandler.builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build()
                .handle(StreamId.of("order", orderId), new OrderCommand.PlaceOrder(orderId, orderId + "@example.com", amount, "EUR"),
                        CommandMetadata.of("place-" + orderId));
    }

    private List<RecordedEvent> outcomes() {
        return store.readAll(Position.START, LogFilter.categories("confirmationemail"), 100);
    }

    private void recorded(int count) throws InterruptedException {
        await(count + " outcome(s) recorded", () -> outcomes().size() == count);
    }

    @Test
    void aCrashBeforeTheEmailWentOutSendsItOnceAfterTheRestart() throws Exception {
        mailer.failBeforeSending.set(1);
        RunningReactor running = start();
        place("o1", BigDecimal.TEN);
        await("the first attempt failed", () -> mailer.calls.size() == 1);
        crashAndRestart(running);

        try (RunningReactor restarted = start()) {
            clock.advance(Duration.ofSeconds(10));
            recorded(1);
            settle();
        }
        assertThat(mailer.delivered).hasSize(1);
        assertThat(mailer.calls).hasSize(2).containsOnly(mailer.delivered.keySet().iterator().next());
        assertThat(outcomes()).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("ConfirmationEmailSent"));
    }

    @Test
    void aCrashWhileSendingRepeatsTheCallWithTheSameKeyAndTheProviderKeepsOneMail() throws Exception {
        mailer.failAfterSending.set(1);
        RunningReactor running = start();
        place("o1", BigDecimal.TEN);
        await("the first attempt failed", () -> mailer.calls.size() == 1);
        crashAndRestart(running);

        try (RunningReactor restarted = start()) {
            clock.advance(Duration.ofSeconds(10));
            recorded(1);
            settle();
        }
        assertThat(mailer.delivered).hasSize(1);
        assertThat(mailer.calls).hasSize(2);
        assertThat(mailer.calls.get(0)).isEqualTo(mailer.calls.get(1));
        assertThat(outcomes()).hasSize(1);
    }

    @Test
    void aCrashAfterSendingBeforeRecordingSendsAgainWithTheSameKeyAndRecordsOnce() throws Exception {
        RunningReactor running = start(new FlakyStore(store, "confirmationemail", 1), outbox);
        place("o1", BigDecimal.TEN);
        await("the mail went out but its outcome was not recorded", () -> mailer.calls.size() == 1);
        settle();
        assertThat(outcomes()).isEmpty();
        crashAndRestart(running);

        try (RunningReactor restarted = start()) {
            clock.advance(Duration.ofSeconds(10));
            recorded(1);
            settle();
        }
        assertThat(mailer.delivered).hasSize(1);
        assertThat(mailer.calls).hasSize(2);
        assertThat(mailer.calls.get(0)).isEqualTo(mailer.calls.get(1));
    }

    @Test
    void aCrashAfterRecordingDoesNotSendAgain() throws Exception {
        RunningReactor running = start(store, new FlakyTimers(outbox, 1));
        place("o1", BigDecimal.TEN);
        recorded(1);
        settle();
        crashAndRestart(running);

        try (RunningReactor restarted = start()) {
            clock.advance(Duration.ofMinutes(5));
            await("the outbox knows the email is done", () -> restarted.pendingEffects().isEmpty());
            settle();
        }
        assertThat(mailer.calls).hasSize(1);
        assertThat(outcomes()).hasSize(1);
    }

    @Test
    void rejectedCommandsSendNothingAndNeitherDoAReplayNorAProjectionRebuild() throws Exception {
        try (RunningReactor running = start()) {
            place("o1", BigDecimal.TEN);
            place("o2", BigDecimal.ONE);
            assertThat(place("o3", BigDecimal.ZERO)).isInstanceOf(CommandResult.Rejected.class);
            assertThat(place("o1", BigDecimal.TEN)).isInstanceOf(CommandResult.Accepted.class); // a resend: stored once
            recorded(2);
        }
        try (ProjectionRunner runner = ProjectionRunner.create(store)) {
            RunningProjection summary = runner.start(OrderSummary.projection(), readModel);
            assertThat(summary.awaitCheckpoint(store.head(), Duration.ofSeconds(10))).isTrue();
            summary.reset();
            assertThat(summary.awaitCheckpoint(store.head(), Duration.ofSeconds(10))).isTrue();
        }
        try (RunningReactor replay = start()) {
            replay.replayFrom(Position.START); // replay everything through the reactor
            assertThat(replay.awaitCheckpoint(store.head(), Duration.ofSeconds(10))).isTrue();
            clock.advance(Duration.ofHours(1));
            settle();
            assertThat(replay.pendingEffects()).isEmpty();
        }
        assertThat(mailer.calls).hasSize(2);
        assertThat(outcomes()).hasSize(2);
    }
}
