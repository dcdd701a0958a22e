package dev.vellum.timer.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.time.Backoff;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerExpiryHandler;
import dev.vellum.timer.TimerHandler;
import dev.vellum.timer.TimerScheduler;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.TimerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 7 on the store under test: a timer fires at or after its due time, at least once, and
 * its effect happens once, also when the clock jumps, a handler fails, or recording the firing fails.
 * Time is a {@link ManualClock}; the scheduler wakes when it moves.
 */
abstract class SchedulerTests {

    abstract TimerStore store();

    /** Records each firing and applies its effect once per timer id, as a real handler would. */
    static final class Recorder implements TimerHandler {
        final List<Instant> firedAt = new CopyOnWriteArrayList<>();
        final Set<String> effects = ConcurrentHashMap.newKeySet();
        final ManualClock clock;

        Recorder(ManualClock clock) {
            this.clock = clock;
        }

        @Override
        public void fire(Timer timer) {
            firedAt.add(clock.instant());
            effects.add(timer.id());
        }
    }

    /** Records each expiry it is told of, as {@code <timer id> at <instant>}. */
    static final class Expiries implements TimerExpiryHandler {
        final List<String> told = new CopyOnWriteArrayList<>();

        @Override
        public void expired(Timer timer, Instant at) {
            told.add(timer.id() + " at " + at);
        }
    }

    static TimerScheduler start(TimerStore store, ManualClock clock, TimerHandler handler) {
        return start(store, clock, handler, TimerExpiryHandler.NONE);
    }

    static TimerScheduler start(TimerStore store, ManualClock clock, TimerHandler handler, TimerExpiryHandler expiries) {
        return TimerScheduler.builder(store, "devices", handler).clock(clock)
                .backoff(new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(1))).onExpiry(expiries).start();
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

    /** Gives the scheduler time to act wrongly (fire again) before asserting that it did not. */
    static void settle() throws InterruptedException {
        Thread.sleep(150);
    }

    boolean ended(String id) {
        return is(id, TimerState.FIRED);
    }

    boolean is(String id, TimerState state) {
        return store().find(id).map(t -> t.state() == state).orElse(false);
    }

    @Test
    void aTimerTakenAfterItsDeadlineExpiresInsteadOfFiring() throws Exception {
        ManualClock clock = TimerStoreConformanceSuite.clockAtStart();
        Recorder recorder = new Recorder(clock);
        Expiries expiries = new Expiries();
        Instant due = clock.instant().plus(Duration.ofMinutes(15));
        try (TimerScheduler timers = start(store(), clock, recorder, expiries)) {
            timers.schedule(Timer.of("report-7", "devices", due).withDeadline(due.plus(Duration.ofMinutes(5))));
            timers.schedule(Timer.of("report-8", "devices", due));

            clock.set(due.plus(Duration.ofHours(2))); // an outage: both are taken two hours late
            await("the timer expired", () -> is("report-7", TimerState.EXPIRED));
            await("the timer without deadline fired", () -> ended("report-8"));
            clock.advance(Duration.ofDays(1));
            settle();

            assertThat(recorder.effects).containsExactly("report-8");
            assertThat(expiries.told).containsExactly("report-7 at " + due.plus(Duration.ofHours(2)));
            assertThat(store().find("report-7").orElseThrow().endedAt()).isEqualTo(due.plus(Duration.ofHours(2)));
            assertThat(timers.expiredCount()).isEqualTo(1);
            assertThat(timers.status().expiredTimers()).as("counted in its status, for the metrics").isEqualTo(1);
            assertThat(timers.firedCount()).isEqualTo(1);
            assertThat(timers.pending()).isEmpty();
            await("the status counts no due timer", () -> timers.status().dueTimers() == 0);
        }
    }

    @Test
    void aTimerTakenByItsDeadlineFires() throws Exception {
        ManualClock clock = TimerStoreConformanceSuite.clockAtStart();
        Recorder recorder = new Recorder(clock);
        Expiries expiries = new Expiries();
        Instant due = clock.instant().plus(Duration.ofMinutes(15));
        try (TimerScheduler timers = start(store(), clock, recorder, expiries)) {
            timers.schedule(Timer.of("in-time", "devices", due).withDeadline(due.plus(Duration.ofMinutes(5))));
            timers.schedule(Timer.of("at-deadline", "devices", due.plus(Duration.ofMinutes(5)))
                    .withDeadline(due.plus(Duration.ofMinutes(5))));

            clock.set(due.plus(Duration.ofMinutes(4)));
            await("the timer fired before its deadline", () -> ended("in-time"));
            clock.set(due.plus(Duration.ofMinutes(5)));
            await("the timer fired at its deadline", () -> ended("at-deadline"));
            clock.advance(Duration.ofDays(1));
            settle();
        }
        assertThat(recorder.effects).containsExactlyInAnyOrder("in-time", "at-deadline");
        assertThat(expiries.told).isEmpty();
    }

    @Test
    void aHandlerStillFailingAtTheDeadlineEndsInAnExpiryAndAFailingExpiryIsToldAgain() throws Exception {
        ManualClock clock = TimerStoreConformanceSuite.clockAtStart();
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger expiryCalls = new AtomicInteger();
        Expiries expiries = new Expiries();
        TimerExpiryHandler failsOnce = (timer, at) -> {
            if (expiryCalls.incrementAndGet() == 1) {
                throw new IllegalStateException("process store unreachable");
            }
            expiries.expired(timer, at);
        };
        try (TimerScheduler timers = start(store(), clock, timer -> {
            calls.incrementAndGet();
            throw new IllegalStateException("partner unreachable");
        }, failsOnce)) {
            timers.schedule(Timer.of("report-7", "devices", clock.instant()).withDeadline(clock.instant().plusSeconds(5)));
            await("the first attempt failed", () -> attempts("report-7") == 1);

            clock.advance(Duration.ofSeconds(10)); // the retry comes after the deadline
            await("telling of the expiry failed", () -> attempts("report-7") == 2);
            assertThat(store().find("report-7").orElseThrow().state()).isEqualTo(TimerState.PENDING);
            assertThat(store().find("report-7").orElseThrow().lastError()).contains("process store unreachable");

            clock.advance(Duration.ofSeconds(20));
            await("the timer expired", () -> is("report-7", TimerState.EXPIRED));
            clock.advance(Duration.ofDays(1));
            settle();
        }
        assertThat(calls).hasValue(1);
        assertThat(expiryCalls).hasValue(2);
        assertThat(expiries.told).containsExactly("report-7 at " + TimerStoreConformanceSuite.T0.plusSeconds(30));
    }

    @Test
    void aTimerFiresAtItsDueTimeNotBefore() throws Exception {
        ManualClock clock = TimerStoreConformanceSuite.clockAtStart();
        Recorder recorder = new Recorder(clock);
        try (TimerScheduler timers = start(store(), clock, recorder)) {
            timers.schedule(Timer.of("report-7", "devices", clock.instant().plus(Duration.ofMinutes(15))));

            clock.advance(Duration.ofMinutes(15).minusMillis(1));
            settle();
            assertThat(recorder.firedAt).isEmpty();

            clock.advance(Duration.ofMillis(1));
            await("the timer fired", () -> ended("report-7"));
            assertThat(recorder.firedAt).containsExactly(TimerStoreConformanceSuite.T0.plus(Duration.ofMinutes(15)));
            assertThat(timers.firedCount()).isEqualTo(1);
        }
    }

    @Test
    void aClockJumpFarPastTheDueTimeFiresOnce() throws Exception {
        ManualClock clock = TimerStoreConformanceSuite.clockAtStart();
        Recorder recorder = new Recorder(clock);
        try (TimerScheduler timers = start(store(), clock, recorder)) {
            timers.schedule(Timer.of("report-7", "devices", clock.instant().plus(Duration.ofMinutes(15))));

            clock.advance(Duration.ofDays(3));
            await("the timer fired", () -> ended("report-7"));
            clock.advance(Duration.ofDays(3));
            clock.set(clock.instant().plus(Duration.ofDays(30)));
            settle();

            assertThat(recorder.firedAt).hasSize(1);
            assertThat(timers.pending()).isEmpty();
        }
    }

    @Test
    void aCancelledTimerDoesNotFire() throws Exception {
        ManualClock clock = TimerStoreConformanceSuite.clockAtStart();
        Recorder recorder = new Recorder(clock);
        try (TimerScheduler timers = start(store(), clock, recorder)) {
            timers.schedule(Timer.of("report-7", "devices", clock.instant().plus(Duration.ofMinutes(15))));
            timers.schedule(Timer.of("report-8", "devices", clock.instant().plus(Duration.ofMinutes(16))));
            assertThat(timers.cancel("report-7")).isTrue();

            clock.advance(Duration.ofHours(1));
            await("the other timer fired", () -> ended("report-8"));

            assertThat(recorder.effects).containsExactly("report-8");
            assertThat(store().find("report-7").orElseThrow().state()).isEqualTo(TimerState.CANCELLED);
        }
    }

    @Test
    void aFailingHandlerIsRetriedWithBackoffInClockTime() throws Exception {
        ManualClock clock = TimerStoreConformanceSuite.clockAtStart();
        AtomicInteger calls = new AtomicInteger();
        TimerHandler failsTwice = timer -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("partner unreachable");
            }
        };
        try (TimerScheduler timers = start(store(), clock, failsTwice)) {
            timers.schedule(Timer.of("report-7", "devices", clock.instant()));
            await("the first attempt failed", () -> attempts("report-7") == 1);
            StoredTimer failed = store().find("report-7").orElseThrow();
            assertThat(failed.lastError()).contains("partner unreachable");
            assertThat(failed.nextAttempt()).isEqualTo(clock.instant().plusSeconds(10));

            settle();
            assertThat(calls).hasValue(1); // the clock has not moved: no retry yet

            clock.advance(Duration.ofSeconds(10));
            await("the second attempt failed", () -> attempts("report-7") == 2);
            clock.advance(Duration.ofSeconds(20)); // the backoff doubled
            await("the timer fired", () -> ended("report-7"));
            assertThat(calls).hasValue(3);
        }
    }

    @Test
    void whenRecordingTheFiringFailsTheTimerFiresAgainButItsEffectHappensOnce() throws Exception {
        ManualClock clock = TimerStoreConformanceSuite.clockAtStart();
        Recorder recorder = new Recorder(clock);
        FailingMarks flaky = new FailingMarks(store(), 1);
        try (TimerScheduler timers = TimerScheduler.builder(flaky, "devices", recorder).clock(clock)
                .maxIdle(Duration.ofMillis(20)).start()) {
            timers.schedule(Timer.of("report-7", "devices", clock.instant()));
            await("the timer fired", () -> ended("report-7"));
        }
        assertThat(recorder.firedAt).hasSize(2);
        assertThat(recorder.effects).containsExactly("report-7");
    }

    @Test
    void aPermanentFailureToRecordStopsTheSchedulerInsteadOfRetryingEveryIdlePeriod() throws Exception {
        ManualClock clock = TimerStoreConformanceSuite.clockAtStart();
        Recorder recorder = new Recorder(clock);
        FailingMarks fenced = FailingMarks.permanently(store());
        try (TimerScheduler timers = TimerScheduler.builder(fenced, "devices", recorder).clock(clock)
                .maxIdle(Duration.ofMillis(20)).start()) {
            timers.schedule(Timer.of("report-7", "devices", clock.instant()));
            await("the timer fired", () -> recorder.firedAt.size() == 1);
            settle();
            int reads = fenced.reads.get();

            Thread.sleep(200); // ten idle periods: a scheduler still running would look for due timers each time
            timers.poke();
            settle();

            assertThat(fenced.reads).hasValue(reads);
            assertThat(recorder.firedAt).hasSize(1);
            assertThat(store().find("report-7").orElseThrow().state()).isEqualTo(TimerState.PENDING);
        }
    }

    @Test
    void manyTimersFireEachOnceInDueOrder() throws Exception {
        ManualClock clock = TimerStoreConformanceSuite.clockAtStart();
        List<String> order = new CopyOnWriteArrayList<>();
        try (TimerScheduler timers = start(store(), clock, timer -> order.add(timer.id()))) {
            for (int i = 249; i >= 0; i--) {
                timers.schedule(Timer.of(String.format("t-%03d", i), "devices", clock.instant().plusSeconds(i)));
            }
            clock.advance(Duration.ofMinutes(10));
            await("every timer fired", () -> order.size() >= 250);
            settle();
        }
        assertThat(order).hasSize(250).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aHeldTimerFiresOnlyOnceReleased() throws Exception {
        ManualClock clock = TimerStoreConformanceSuite.clockAtStart();
        Recorder recorder = new Recorder(clock);
        try (TimerScheduler timers = start(store(), clock, recorder)) {
            store().hold(Timer.of("email-1", "devices", clock.instant()));
            clock.advance(Duration.ofHours(1));
            settle();
            assertThat(recorder.firedAt).isEmpty();

            assertThat(timers.release("email-1")).isTrue();
            await("the released timer fired", () -> ended("email-1"));
            assertThat(recorder.effects).containsExactly("email-1");
        }
    }

    @Test
    void theSchedulerGivesUpAfterTheAllowedAttemptsAndSaysSo() throws Exception {
        ManualClock clock = TimerStoreConformanceSuite.clockAtStart();
        AtomicInteger calls = new AtomicInteger();
        List<String> gaveUp = new CopyOnWriteArrayList<>();
        try (TimerScheduler timers = TimerScheduler.builder(store(), "devices", timer -> {
            calls.incrementAndGet();
            throw new IllegalStateException("mailbox full");
        }).clock(clock).backoff(new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(1)))
                .giveUpAfter(2, (timer, attempts, error) -> gaveUp.add(timer.id() + " after " + attempts + ": " + error))
                .start()) {
            timers.schedule(Timer.of("email-1", "devices", clock.instant()));
            await("the first attempt failed", () -> attempts("email-1") == 1);
            clock.advance(Duration.ofSeconds(10));
            await("the scheduler gave up", () -> store().find("email-1").orElseThrow().state() == TimerState.FAILED);
            clock.advance(Duration.ofDays(1));
            settle();
        }
        assertThat(calls).hasValue(2);
        assertThat(gaveUp).singleElement().asString().startsWith("email-1 after 2: ").contains("mailbox full");
        assertThat(store().find("email-1").orElseThrow().lastError()).contains("mailbox full");
    }

    int attempts(String id) {
        return store().find(id).map(StoredTimer::attempts).orElse(0);
    }
}
