package dev.vellum.timer.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.time.ManualClock;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerScheduler;
import dev.vellum.timer.TimerState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The timer contract plus what a durable store adds: timers survive a close and reopen (a restart),
 * pending ones fire once afterwards, and ended ones stay ended.
 */
public abstract class DurableTimerStoreConformanceSuite extends TimerStoreConformanceSuite {

    /** For subclasses. */
    protected DurableTimerStoreConformanceSuite() {
    }

    private void reopen() throws Exception {
        close(store);
        store = openTimerStore(directory);
    }

    @Test
    void aPendingTimerSurvivesARestartAndFiresOnceAfterIt() throws Exception {
        ManualClock clock = clockAtStart();
        SchedulerTests.Recorder recorder = new SchedulerTests.Recorder(clock);
        try (TimerScheduler timers = start(store, clock, recorder)) {
            timers.schedule(new Timer("report-7", "devices", clock.instant().plus(Duration.ofMinutes(15)), "{\"i\":7}"));
            clock.advance(Duration.ofMinutes(10));
            settle();
        }
        reopen();
        assertThat(store.pending("devices")).extracting(StoredTimer::id).containsExactly("report-7");

        clock.advance(Duration.ofMinutes(5));
        try (TimerScheduler timers = start(store, clock, recorder)) {
            await("the timer fired after the restart", () -> ended("report-7"));
            settle();
        }
        assertThat(recorder.firedAt).hasSize(1);
    }

    @Test
    void aRestartThatComesAfterTheDeadlineExpiresTheTimerUnfired() throws Exception {
        ManualClock clock = clockAtStart();
        SchedulerTests.Recorder recorder = new SchedulerTests.Recorder(clock);
        SchedulerTests.Expiries expiries = new SchedulerTests.Expiries();
        Instant due = clock.instant().plus(Duration.ofMinutes(15));
        try (TimerScheduler timers = start(store, clock, recorder, expiries)) {
            timers.schedule(new Timer("report-7", "devices", due, "{\"i\":7}").withDeadline(due.plus(Duration.ofMinutes(5))));
            clock.advance(Duration.ofMinutes(10));
            settle();
        }
        reopen();
        assertThat(store.find("report-7").orElseThrow().timer().deadline()).isEqualTo(due.plus(Duration.ofMinutes(5)));

        clock.advance(Duration.ofHours(3)); // the node was down past the deadline
        try (TimerScheduler timers = start(store, clock, recorder, expiries)) {
            await("the timer expired after the restart", () -> is("report-7", TimerState.EXPIRED));
            settle();
        }
        reopen();
        assertThat(store.find("report-7").orElseThrow().state()).isEqualTo(TimerState.EXPIRED);
        assertThat(recorder.firedAt).isEmpty();
        assertThat(expiries.told).containsExactly("report-7 at " + clock.instant());
    }

    @Test
    void endedTimersStayEndedAcrossARestart() throws Exception {
        store.schedule(Timer.of("fired", "devices", T0));
        store.schedule(Timer.of("cancelled", "devices", T0));
        store.schedule(Timer.of("failing", "devices", T0));
        store.markFired("fired", T0.plusSeconds(1));
        store.cancel("cancelled", T0);
        store.markFailed("failing", "down", T0.plusSeconds(30));

        reopen();

        assertThat(store.find("fired").orElseThrow().state()).isEqualTo(TimerState.FIRED);
        assertThat(store.find("fired").orElseThrow().endedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.find("cancelled").orElseThrow().state()).isEqualTo(TimerState.CANCELLED);
        assertThat(store.schedule(Timer.of("fired", "devices", T0))).isFalse();
        StoredTimer failing = store.find("failing").orElseThrow();
        assertThat(failing.attempts()).isEqualTo(1);
        assertThat(failing.lastError()).isEqualTo("down");
        assertThat(store.due("devices", T0.plusSeconds(60), 10)).extracting(StoredTimer::id).containsExactly("failing");
    }
}
