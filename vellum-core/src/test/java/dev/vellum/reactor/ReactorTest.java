package dev.vellum.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.reactor.Emails.MailProvider;
import dev.vellum.reactor.Emails.OrderEvent;
import dev.vellum.retry.Retries;
import dev.vellum.retry.RetriesExhaustedException;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.Backoff;
import dev.vellum.time.ManualClock;
import dev.vellum.time.PermanentFailure;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.memory.InMemoryTimerStore;
import dev.vellum.worker.WorkerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Guarantee 6 on the in-memory store: effects run from committed events only, once per key, recorded once. */
class ReactorTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final InMemoryTimerStore outbox = new InMemoryTimerStore();
    private final MailProvider mail = new MailProvider();

    @AfterEach
    void closeStore() {
        store.close();
    }

    private Reactor.Builder<OrderEvent> emails() {
        return Reactor.builder("confirmation-email", Emails.TYPES, Emails.OUTCOMES)
                .handles("OrderPlaced")
                .decide(event -> List.of(EffectRequest.of(event.data())))
                .execute(mail)
                .clock(clock)
                .effectRetries(new Retries(3, new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(1))));
    }

    private void place(String orderId) {
        store.append(StreamId.of("order", orderId), ExpectedRevision.noStream(), Emails.placed(orderId));
    }

    /** The default stream of the outcome of the email for {@code order}. */
    private static StreamId outcomeStream(String order) {
        return EffectOutcomes.defaultStream("confirmation-email", StreamId.of(order));
    }

    /** The streams of the outcomes of {@code type}, as the names of the order streams they are about. */
    private List<String> outcomes(String type) {
        return store.readAll(Position.START, LogFilter.types(type), 1_000).stream().map(RecordedEvent::stream)
                .map(stream -> stream.value().substring(stream.value().indexOf('/') + 1)).toList();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void eachCommittedEventGetsItsEffectOnceWithItsKeyAndTheOutcomeIsRecordedOnce() throws Exception {
        try (RunningReactor reactor = emails().build().start(store, checkpoints, outbox)) {
            place("1");
            place("2");
            await("both outcomes are recorded", () -> outcomes("ConfirmationEmailSent").size() == 2);

            assertThat(outcomes("ConfirmationEmailSent")).containsExactlyInAnyOrder("order-1", "order-2");
            assertThat(mail.calls).hasSize(2).allSatisfy(key -> assertThat(key).startsWith("confirmation-email/"));
            await("both effects left the outbox", () -> reactor.pendingEffects().isEmpty());
            assertThat(reactor.executedCount()).isEqualTo(2);
            RecordedEvent sent = store.readStream(outcomeStream("order-1")).getFirst();
            assertThat(sent.metadata().header("$effect")).isEqualTo(mail.calls.stream()
                    .filter(k -> k.contains(store.readStream(StreamId.of("order-1")).get(0).id().toString())).findFirst().orElseThrow());
            assertThat(sent.metadata().causationId()).isEqualTo(store.readStream(StreamId.of("order-1")).get(0).id().toString());
        }
    }

    @Test
    void aNewReactorDoesNotActOnHistory() throws Exception {
        place("old");
        try (RunningReactor reactor = emails().build().start(store, checkpoints, outbox)) {
            place("new");
            await("the new order's email went out", () -> outcomes("ConfirmationEmailSent").size() == 1);
            assertThat(outcomes("ConfirmationEmailSent")).containsExactly("order-new");
        }
    }

    @Test
    void aReactorToldToStartFromTheBeginningActsOnHistory() throws Exception {
        place("old");
        try (RunningReactor reactor = emails().startFromBeginning().build().start(store, checkpoints, outbox)) {
            await("the old order's email went out", () -> outcomes("ConfirmationEmailSent").size() == 1);
        }
    }

    @Test
    void effectsNeedingApprovalWaitUntilApprovedOrCancelled() throws Exception {
        Reactor<OrderEvent> reactor = emails().decide(event -> List.of(EffectRequest.needingApproval(event.data()))).build();
        try (RunningReactor running = reactor.start(store, checkpoints, outbox)) {
            place("1");
            place("2");
            running.awaitCheckpoint(store.head(), Duration.ofSeconds(5));
            clock.advance(Duration.ofHours(1));
            Thread.sleep(100);
            assertThat(mail.calls).isEmpty();
            List<PendingEffect> waiting = running.pendingEffects();
            assertThat(waiting).hasSize(2).allSatisfy(p -> {
                assertThat(p.awaitingApproval()).isTrue();
                assertThat(p.state()).isEqualTo(TimerState.HELD);
            });

            String first = waiting.stream().filter(p -> p.effect().sourceStream().value().equals("order-1")).findFirst()
                    .orElseThrow().key();
            String second = waiting.stream().filter(p -> p.effect().sourceStream().value().equals("order-2")).findFirst()
                    .orElseThrow().key();
            running.approveEffect(first);
            running.cancelEffect(second);
            await("the approved email went out", () -> outcomes("ConfirmationEmailSent").size() == 1);

            assertThat(mail.calls).containsExactly(first);
            // the outbox entry is closed just after its outcome is recorded
            await("the approved effect left the outbox", () -> running.pendingEffects().isEmpty());
            assertThatThrownBy(() -> running.approveEffect(second)).isInstanceOf(EffectNotFoundException.class)
                    .hasMessageContaining("it was cancelled");
            assertThatThrownBy(() -> running.cancelEffect(first)).isInstanceOf(EffectNotFoundException.class)
                    .hasMessageContaining("it already ran");
            assertThatThrownBy(() -> running.approveEffect("nope")).isInstanceOf(EffectNotFoundException.class)
                    .hasMessageContaining("no effect with this key");
        }
    }

    @Test
    void aFailingEffectIsRetriedWithBackoffAndRecordedOnceItWorks() throws Exception {
        mail.failBeforeSending.set(2);
        try (RunningReactor running = emails().build().start(store, checkpoints, outbox)) {
            place("1");
            await("the first attempt failed", () -> running.pendingEffects().stream().anyMatch(p -> p.attempts() == 1));
            assertThat(running.pendingEffects().getFirst().lastError()).contains("mail server unreachable");
            clock.advance(Duration.ofSeconds(10));
            await("the second attempt failed", () -> running.pendingEffects().stream().anyMatch(p -> p.attempts() == 2));
            clock.advance(Duration.ofSeconds(20));
            await("the email went out", () -> outcomes("ConfirmationEmailSent").size() == 1);
        }
        assertThat(mail.calls).hasSize(3);
        assertThat(mail.calls.stream().distinct()).hasSize(1);
        assertThat(outcomes("ConfirmationEmailFailed")).isEmpty();
    }

    @Test
    void anEffectThatKeepsFailingIsRecordedAsFailedOnce() throws Exception {
        mail.failBeforeSending.set(100);
        try (RunningReactor running = emails().build().start(store, checkpoints, outbox)) {
            place("1");
            // wait for each failure to be recorded, not just for the call: its next attempt is due by the
            // clock at that moment, so moving the clock before it would put that attempt out of reach
            await("the first attempt failed", () -> running.pendingEffects().stream().anyMatch(p -> p.attempts() == 1));
            clock.advance(Duration.ofSeconds(10));
            await("the second attempt failed", () -> running.pendingEffects().stream().anyMatch(p -> p.attempts() == 2));
            clock.advance(Duration.ofSeconds(20));
            await("the failure is recorded", () -> outcomes("ConfirmationEmailFailed").size() == 1);
            clock.advance(Duration.ofDays(1));
            Thread.sleep(100);
        }
        assertThat(mail.calls).hasSize(3);
        assertThat(outcomes("ConfirmationEmailFailed")).containsExactly("order-1");
        assertThat(outcomes("ConfirmationEmailSent")).isEmpty();
        OrderEvent failed = Emails.TYPES.deserialize(store.readStream(outcomeStream("order-1")).getFirst(), OrderEvent.class);
        assertThat(failed).isInstanceOfSatisfying(OrderEvent.ConfirmationEmailFailed.class,
                f -> assertThat(f.error()).contains("mail server unreachable"));
    }

    @Test
    void aFullReplayOfTheReactorExecutesNothingAgain() throws Exception {
        Reactor<OrderEvent> reactor = emails().build();
        AtomicInteger decisions = new AtomicInteger();
        try (RunningReactor running = emails().decide(event -> {
            decisions.incrementAndGet();
            return List.of(EffectRequest.of(event.data()));
        }).build().start(store, checkpoints, outbox)) {
            place("1");
            place("2");
            await("both emails went out", () -> outcomes("ConfirmationEmailSent").size() == 2);
            // the outbox closes an entry just after its outcome is recorded
            await("both entries closed", () -> running.pendingEffects().isEmpty());
            List<dev.vellum.timer.StoredTimer> sent = mail.calls.stream().map(key -> outbox.find(key).orElseThrow()).toList();
            clock.advance(Duration.ofHours(1));
            Position head = store.head();

            running.replayFrom(Position.START);
            await("the replay decided on both events again", () -> decisions.get() == 4);
            assertThat(running.awaitCheckpoint(head, Duration.ofSeconds(5))).isTrue();
            Thread.sleep(100);
            assertThat(running.pendingEffects()).isEmpty();
            assertThat(running.executedCount()).isEqualTo(2);
            assertThat(mail.calls.stream().map(key -> outbox.find(key).orElseThrow()).toList()).isEqualTo(sent);
        }
        List<dev.vellum.timer.StoredTimer> before = mail.calls.stream().map(key -> outbox.find(key).orElseThrow()).toList();
        clock.advance(Duration.ofHours(1));
        Position head = store.head();
        try (RunningReactor replay = reactor.start(store, checkpoints, outbox)) {
            replay.replayFrom(Position.START);
            assertThat(replay.awaitCheckpoint(head, Duration.ofSeconds(5))).isTrue();
            Thread.sleep(100);
            assertThat(replay.pendingEffects()).isEmpty();
            assertThat(replay.executedCount()).isZero();
        }
        assertThat(mail.calls).hasSize(2);
        assertThat(outcomes("ConfirmationEmailSent")).hasSize(2);
        // the replayed decisions met the ended effects in the outbox and left them as they were
        assertThat(mail.calls.stream().map(key -> outbox.find(key).orElseThrow()).toList()).isEqualTo(before);
    }

    @Test
    void aDeciderThatKeepsThrowingStopsTheReactorBeforeTheEventAfterItsAttempts() throws Exception {
        AtomicInteger decisions = new AtomicInteger();
        Reactor<OrderEvent> broken = emails().decide(event -> {
            decisions.incrementAndGet();
            throw new IllegalStateException("bug in the decider");
        }).eventRetries(new Retries(3, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)))).build();
        try (RunningReactor running = broken.start(store, checkpoints, outbox)) {
            place("1");
            await("the reactor failed", () -> running.status().state() == WorkerState.FAILED);
            assertThat(running.failure()).get().isInstanceOf(RetriesExhaustedException.class)
                    .asString().contains("after 3 attempt(s)").contains("bug in the decider");
            assertThat(running.failure().orElseThrow().getCause()).hasMessage("bug in the decider");
            assertThat(running.status().lastError().toString()).contains("bug in the decider");
            assertThat(decisions).hasValue(3);
            assertThat(checkpoints.checkpoints(broken.checkpointId()).orElseThrow().low()).isEqualTo(Position.START);
        }
    }

    /** An error that says retrying is pointless, as a lost lease does. */
    static final class Fenced extends IllegalStateException implements PermanentFailure {
        private static final long serialVersionUID = 1L;

        Fenced() {
            super("another instance owns this reactor now");
        }
    }

    @Test
    void aPermanentFailureStopsTheReactorAtOnceWithoutRetrying() throws Exception {
        AtomicInteger decisions = new AtomicInteger();
        Reactor<OrderEvent> fenced = emails().decide(event -> {
            decisions.incrementAndGet();
            throw new IllegalStateException("could not write", new Fenced());
        }).eventRetries(new Retries(50, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)))).build();
        try (RunningReactor running = fenced.start(store, checkpoints, outbox)) {
            place("1");
            await("the reactor failed", () -> running.status().state() == WorkerState.FAILED);
            assertThat(running.failure()).get().asString().contains("could not write");
            assertThat(running.failure().orElseThrow().getCause()).isInstanceOf(Fenced.class);
            assertThat(decisions).hasValue(1);
        }
    }

    /**
     * A reactor started at the head did not act on history; a replay from the start decides on it
     * now, and carries out what it had not decided before, once, and nothing it had.
     */
    @Test
    void aReplayCarriesOutWhatWasNeverDecidedAndNothingElse() throws Exception {
        place("old");
        try (RunningReactor reactor = emails().build().start(store, checkpoints, outbox)) {
            place("new");
            await("the new order's email went out", () -> outcomes("ConfirmationEmailSent").size() == 1);
            reactor.replayFrom(Position.START);
            await("the old order's email went out", () -> outcomes("ConfirmationEmailSent").size() == 2);
            assertThat(reactor.awaitCheckpoint(store.head(), Duration.ofSeconds(5))).isTrue();
            await("both effects left the outbox", () -> reactor.pendingEffects().isEmpty());
        }
        assertThat(outcomes("ConfirmationEmailSent")).containsExactlyInAnyOrder("order-old", "order-new");
        assertThat(mail.calls).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void aReplayNeverRevivesACancelledEffect() throws Exception {
        try (RunningReactor reactor = emails().decide(event -> List.of(EffectRequest.needingApproval(event.data())))
                .build().start(store, checkpoints, outbox)) {
            place("1");
            await("the email waits for approval", () -> reactor.pendingEffects().size() == 1);
            reactor.cancelEffect(reactor.pendingEffects().getFirst().effect().key());
            Position head = store.head();
            reactor.replayFrom(Position.START);
            assertThat(reactor.awaitCheckpoint(head, Duration.ofSeconds(5))).isTrue();
            Thread.sleep(100);
            assertThat(reactor.pendingEffects()).isEmpty();
        }
        assertThat(mail.calls).isEmpty();
    }

    @Test
    void aReplayFromPastTheCheckpointIsRefusedAndChangesNothing() throws Exception {
        RunningReactor reactor = emails().build().start(store, checkpoints, outbox);
        place("1");
        await("the outcome is recorded", () -> outcomes("ConfirmationEmailSent").size() == 1);
        assertThat(reactor.awaitCheckpoint(store.head(), Duration.ofSeconds(5))).isTrue(); // nothing is appended after
        Position checkpoint = reactor.checkpoint();
        Checkpoints saved = checkpoints.checkpoints(emails().build().checkpointId()).orElseThrow();
        assertThatThrownBy(() -> reactor.replayFrom(Position.of(checkpoint.value() + 1)))
                .isInstanceOf(InvalidReplayException.class).hasMessageContaining("would skip events");
        assertThat(checkpoints.checkpoints(emails().build().checkpointId())).contains(saved);
        assertThat(reactor.checkpoint()).isEqualTo(checkpoint);
        assertThat(reactor.status().state()).isIn(WorkerState.LIVE, WorkerState.CATCHING_UP);
        reactor.close();
        assertThatThrownBy(() -> reactor.replayFrom(Position.START)).isInstanceOf(InvalidReplayException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closingAReactorWhileItWaitsToRetryStopsItWithoutFailingIt() throws Exception {
        Reactor<OrderEvent> broken = emails().decide(event -> {
            throw new IllegalStateException("read model unreachable");
        }).eventRetries(new Retries(5, new Backoff(Duration.ofMinutes(10), Duration.ofMinutes(10)))).build();
        RunningReactor running = broken.start(store, checkpoints, outbox);
        place("1");
        await("the first attempt failed", () -> running.status().lastError() != null);
        assertThat(running.status().state()).isNotEqualTo(WorkerState.FAILED);
        running.close();
        assertThat(running.status().state()).isEqualTo(WorkerState.STOPPED);
        assertThat(running.failure()).isEmpty();
    }

    @Test
    void definitionsAreChecked() {
        assertThatThrownBy(() -> Reactor.builder("x", Emails.TYPES, Emails.OUTCOMES).execute(mail).build())
                .isInstanceOf(InvalidReactorException.class).hasMessageContaining("decide(...)");
        assertThatThrownBy(() -> Reactor.builder("no spaces", Emails.TYPES, Emails.OUTCOMES))
                .hasMessageContaining("no spaces");
    }

}
