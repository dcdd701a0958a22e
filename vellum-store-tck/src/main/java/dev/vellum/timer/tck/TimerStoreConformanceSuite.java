package dev.vellum.timer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.time.ManualClock;
import dev.vellum.timer.InvalidTimerException;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.TimerStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of a {@link TimerStore}, and of the {@link dev.vellum.timer.TimerScheduler} running on
 * it (see {@link SchedulerTests}). A store's test extends it and says how to open the store; a store
 * that keeps timers across a close extends {@link DurableTimerStoreConformanceSuite}.
 */
public abstract class TimerStoreConformanceSuite extends SchedulerTests {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path directory;

    TimerStore store;

    /** For subclasses. */
    protected TimerStoreConformanceSuite() {
    }

    /**
     * Opens the timer store kept in {@code directory}: each test gets a fresh directory, and opening
     * it again after {@link #close(TimerStore)} opens the same timers when the store is durable.
     */
    protected abstract TimerStore openTimerStore(Path directory);

    /** Closes a store opened by {@link #openTimerStore}; closes it when it is {@link AutoCloseable}. */
    protected void close(TimerStore timers) throws Exception {
        if (timers instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @BeforeEach
    final void openStore() {
        store = openTimerStore(directory);
    }

    @AfterEach
    final void closeStore() throws Exception {
        close(store);
    }

    @Override
    final TimerStore store() {
        return store;
    }

    @Test
    void aScheduledTimerIsPendingAndDueOnlyFromItsDueTime() {
        Timer timer = new Timer("t-1", "devices", T0.plusSeconds(60), "{\"incident\":7}");
        assertThat(store.schedule(timer)).isTrue();

        assertThat(store.find("t-1")).contains(StoredTimer.pending(timer));
        assertThat(store.due("devices", T0.plusSeconds(59), 10)).isEmpty();
        assertThat(store.due("devices", T0.plusSeconds(60), 10)).extracting(StoredTimer::timer).containsExactly(timer);
        assertThat(store.due("devices", T0.plusSeconds(3600), 10)).extracting(StoredTimer::timer).containsExactly(timer);
        assertThat(store.nextAttempt("devices")).contains(T0.plusSeconds(60));
        assertThat(store.find("unknown")).isEmpty();
    }

    @Test
    void dueTimersComeEarliestFirstWithinTheLimitAndOnlyForTheirProcess() {
        store.schedule(Timer.of("late", "devices", T0.plusSeconds(30)));
        store.schedule(Timer.of("early", "devices", T0.plusSeconds(10)));
        store.schedule(Timer.of("middle", "devices", T0.plusSeconds(20)));
        store.schedule(Timer.of("other", "orders", T0));

        assertThat(store.due("devices", T0.plusSeconds(60), 2)).extracting(StoredTimer::id).containsExactly("early", "middle");
        assertThat(store.pending("devices")).extracting(StoredTimer::id).containsExactly("early", "middle", "late");
        assertThat(store.pending("orders")).extracting(StoredTimer::id).containsExactly("other");
        assertThat(store.nextAttempt("nothing")).isEmpty();
    }

    @Test
    void schedulingAPendingIdAgainMovesIt() {
        store.schedule(Timer.of("t-1", "devices", T0.plusSeconds(60)));
        store.markFailed("t-1", "boom", T0.plusSeconds(120));

        Timer moved = new Timer("t-1", "devices", T0.plusSeconds(300), "new");
        assertThat(store.schedule(moved)).isTrue();

        assertThat(store.find("t-1")).contains(StoredTimer.pending(moved));
        assertThat(store.due("devices", T0.plusSeconds(299), 10)).isEmpty();
    }

    @Test
    void aFiredTimerIsNeverDueAgainAndSchedulingItAgainDoesNothing() {
        Timer timer = Timer.of("t-1", "devices", T0);
        store.schedule(timer);

        assertThat(store.markFired("t-1", T0.plusSeconds(1))).isTrue();
        assertThat(store.markFired("t-1", T0.plusSeconds(2))).isFalse();
        assertThat(store.schedule(Timer.of("t-1", "devices", T0.plusSeconds(5)))).isFalse();

        StoredTimer stored = store.find("t-1").orElseThrow();
        assertThat(stored.state()).isEqualTo(TimerState.FIRED);
        assertThat(stored.endedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(stored.timer()).isEqualTo(timer);
        assertThat(store.due("devices", T0.plus(Duration.ofDays(365)), 10)).isEmpty();
        assertThat(store.nextAttempt("devices")).isEmpty();
    }

    @Test
    void aCancelledTimerNeverFiresAndCannotBeRevived() {
        store.schedule(Timer.of("t-1", "devices", T0));

        assertThat(store.cancel("t-1", T0.minusSeconds(1))).isTrue();
        assertThat(store.cancel("t-1", T0)).isFalse();
        assertThat(store.cancel("unknown", T0)).isFalse();
        assertThat(store.schedule(Timer.of("t-1", "devices", T0))).isFalse();
        assertThat(store.markFired("t-1", T0)).isFalse();

        assertThat(store.find("t-1").orElseThrow().state()).isEqualTo(TimerState.CANCELLED);
        assertThat(store.due("devices", T0.plusSeconds(60), 10)).isEmpty();
        assertThat(store.pending("devices")).isEmpty();
    }

    @Test
    void aFailureCountsAnAttemptAndPostponesTheNextOne() {
        store.schedule(Timer.of("t-1", "devices", T0));

        assertThat(store.markFailed("t-1", "partner down", T0.plusSeconds(5))).isTrue();
        assertThat(store.markFailed("t-1", "still down", T0.plusSeconds(15))).isTrue();

        StoredTimer stored = store.find("t-1").orElseThrow();
        assertThat(stored.state()).isEqualTo(TimerState.PENDING);
        assertThat(stored.attempts()).isEqualTo(2);
        assertThat(stored.lastError()).isEqualTo("still down");
        assertThat(stored.nextAttempt()).isEqualTo(T0.plusSeconds(15));
        assertThat(store.due("devices", T0.plusSeconds(14), 10)).isEmpty();
        assertThat(store.due("devices", T0.plusSeconds(15), 10)).hasSize(1);
        assertThat(store.markFailed("unknown", "x", T0)).isFalse();
    }

    @Test
    void aHeldTimerIsNeverDueUntilReleased() {
        Timer timer = Timer.of("email-1", "devices", T0);
        assertThat(store.hold(timer)).isTrue();
        assertThat(store.hold(timer)).isFalse();
        assertThat(store.schedule(timer)).isFalse();

        assertThat(store.due("devices", T0.plusSeconds(3600), 10)).isEmpty();
        assertThat(store.nextAttempt("devices")).isEmpty();
        assertThat(store.pending("devices")).singleElement()
                .satisfies(t -> assertThat(t.state()).isEqualTo(TimerState.HELD));

        assertThat(store.release("email-1")).isTrue();
        assertThat(store.release("email-1")).isFalse();
        assertThat(store.release("unknown")).isFalse();
        assertThat(store.due("devices", T0, 10)).extracting(StoredTimer::timer).containsExactly(timer);
    }

    @Test
    void aHeldTimerCanBeCancelledAndHoldingAnEndedOneDoesNothing() {
        store.hold(Timer.of("email-1", "devices", T0));
        store.schedule(Timer.of("email-2", "devices", T0));
        store.markFired("email-2", T0);

        assertThat(store.cancel("email-1", T0)).isTrue();
        assertThat(store.release("email-1")).isFalse();
        assertThat(store.hold(Timer.of("email-2", "devices", T0))).isFalse();

        assertThat(store.find("email-1").orElseThrow().state()).isEqualTo(TimerState.CANCELLED);
        assertThat(store.find("email-2").orElseThrow().state()).isEqualTo(TimerState.FIRED);
        assertThat(store.pending("devices")).isEmpty();
    }

    @Test
    void aTimerGivenUpOnHasFailedForGood() {
        store.schedule(Timer.of("t-1", "devices", T0));
        store.markFailed("t-1", "down", T0.plusSeconds(1));

        assertThat(store.markGivenUp("t-1", "still down", T0.plusSeconds(2))).isTrue();
        assertThat(store.markGivenUp("t-1", "again", T0.plusSeconds(3))).isFalse();
        assertThat(store.schedule(Timer.of("t-1", "devices", T0))).isFalse();

        StoredTimer failed = store.find("t-1").orElseThrow();
        assertThat(failed.state()).isEqualTo(TimerState.FAILED);
        assertThat(failed.state().ended()).isTrue();
        assertThat(failed.lastError()).isEqualTo("still down");
        assertThat(failed.endedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(store.due("devices", T0.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void timerValuesAreChecked() {
        assertThatThrownBy(() -> Timer.of(" ", "devices", T0)).isInstanceOf(InvalidTimerException.class)
                .hasMessageContaining("timer id");
        assertThatThrownBy(() -> Timer.of("t", "no spaces", T0)).isInstanceOf(InvalidTimerException.class)
                .hasMessageContaining("process name");
        assertThatThrownBy(() -> Timer.of("t\n", "devices", T0)).isInstanceOf(InvalidTimerException.class);
        assertThatThrownBy(() -> Timer.of("t", "devices", T0).withDeadline(T0.minusMillis(1)))
                .isInstanceOf(InvalidTimerException.class).hasMessageContaining("deadline");
        assertThat(Timer.of("t", "devices", T0).withDeadline(T0).expiredAt(T0)).isFalse();
        assertThat(Timer.of("t", "devices", T0).withDeadline(T0).expiredAt(T0.plusMillis(1))).isTrue();
        assertThat(Timer.of("t", "devices", T0).expiredAt(T0.plus(Duration.ofDays(365)))).isFalse();
    }

    @Test
    void aDeadlineIsKeptAndMovesWithTheTimer() {
        Timer timer = new Timer("t-1", "devices", T0.plusSeconds(60), "{}").withDeadline(T0.plusSeconds(90));
        store.schedule(timer);
        store.schedule(Timer.of("t-2", "devices", T0));

        assertThat(store.find("t-1")).contains(StoredTimer.pending(timer));
        assertThat(store.due("devices", T0.plusSeconds(60), 10)).extracting(t -> t.timer().deadline())
                .containsExactly(null, T0.plusSeconds(90));
        assertThat(store.pending("devices")).extracting(t -> t.timer().deadline()).containsExactly(null, T0.plusSeconds(90));

        Timer moved = Timer.of("t-1", "devices", T0.plusSeconds(120)).withDeadline(T0.plusSeconds(180));
        assertThat(store.schedule(moved)).isTrue();
        assertThat(store.find("t-1").orElseThrow().timer()).isEqualTo(moved);
        Timer withoutDeadline = Timer.of("t-1", "devices", T0.plusSeconds(120));
        assertThat(store.schedule(withoutDeadline)).isTrue();
        assertThat(store.find("t-1").orElseThrow().timer().deadline()).isNull();
    }

    @Test
    void anExpiredTimerHasEndedForGoodAndCannotBeRevived() {
        Timer timer = Timer.of("t-1", "devices", T0).withDeadline(T0.plusSeconds(60));
        store.schedule(timer);

        assertThat(store.markExpired("t-1", T0.plusSeconds(61))).isTrue();
        assertThat(store.markExpired("t-1", T0.plusSeconds(62))).isFalse();
        assertThat(store.markExpired("unknown", T0)).isFalse();
        assertThat(store.markFired("t-1", T0.plusSeconds(63))).isFalse();
        assertThat(store.cancel("t-1", T0.plusSeconds(63))).isFalse();
        assertThat(store.schedule(Timer.of("t-1", "devices", T0.plusSeconds(600)))).isFalse();

        StoredTimer expired = store.find("t-1").orElseThrow();
        assertThat(expired.state()).isEqualTo(TimerState.EXPIRED);
        assertThat(expired.state().ended()).isTrue();
        assertThat(expired.endedAt()).isEqualTo(T0.plusSeconds(61));
        assertThat(expired.timer()).isEqualTo(timer);
        assertThat(store.due("devices", T0.plus(Duration.ofDays(1)), 10)).isEmpty();
        assertThat(store.pending("devices")).isEmpty();
        assertThat(store.nextAttempt("devices")).isEmpty();
    }

    @Test
    void payloadsRoundTripExactly() {
        String payload = "{\"text\":\"Grüße ✓ \\\"quoted\\\"\",\"n\":1.50}";
        store.schedule(new Timer("t-ü", "devices", T0.plusMillis(1), payload));

        List<StoredTimer> due = store.due("devices", T0.plusMillis(1), 10);
        assertThat(due).singleElement().satisfies(t -> {
            assertThat(t.timer().payload()).isEqualTo(payload);
            assertThat(t.timer().due()).isEqualTo(T0.plusMillis(1));
        });
    }

    /** A clock for scheduler tests, at {@link #T0}. */
    static ManualClock clockAtStart() {
        return new ManualClock(T0);
    }
}
