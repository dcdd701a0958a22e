package dev.vellum.timer;

import dev.vellum.store.Position;
import dev.vellum.time.Backoff;
import dev.vellum.time.PermanentFailure;
import dev.vellum.time.VellumClock;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Fires the timers of one process: a thread of its own waits until the earliest pending timer is
 * due by the {@link VellumClock}, hands it to the {@link TimerHandler}, and records that it fired.
 * A timer therefore fires at or after its due time; at least once, because a crash between the
 * handler and the record fires it again after a restart (the handler's effect is made once by the
 * timer's id); and once however far the clock jumps, because a fired timer is never due again. A
 * handler that throws is retried with {@link Backoff} in clock time, for ever unless the scheduler
 * is told to {@linkplain Builder#giveUpAfter give up}. Held timers wait until they are released.
 * When the store fails, the scheduler tries again with backoff ({@link Backoff#TRANSIENT}, jittered,
 * never longer than {@code maxIdle}) for as long as that lasts, and its status says so ({@code RETRYING}, {@link WorkerStatus#retrying()}), unless
 * the error is a {@link PermanentFailure} (a lost lease: another instance fires these timers now); then
 * it stops firing, says so once in the log, and waits to be closed.
 *
 * <pre>{@code
 * try (TimerScheduler timers = TimerScheduler.builder(store, "device-errors", handler).clock(clock).start()) {
 *     timers.schedule(Timer.of("report-" + incident, "device-errors", occurredAt.plus(Duration.ofMinutes(15))));
 * }
 * }</pre>
 *
 * <p>A timer with a {@linkplain Timer#deadline() deadline} that is taken after it (the scheduler or
 * its node was down, or the handler kept failing past it) is not handed to the handler: the
 * scheduler tells its {@link TimerExpiryHandler} ({@link Builder#onExpiry}) and records the timer as
 * {@link TimerState#EXPIRED}. Due timers are taken earliest first, so after an outage each one
 * fires or expires by how late it is taken.
 *
 * <p>A {@link TimerGate} ({@link Builder#gate}) can hold due timers back until what they wait for has
 * happened, spending no attempt on them; the status shows the earliest wait. A timer whose handler
 * has started cannot be {@linkplain #cancel cancelled}, and one cancelled after it was found due is
 * not fired: its state is read again when it is taken.
 *
 * <p>Run one scheduler per process and store: two would both fire a timer (still at least once,
 * and still once in effect, but twice the work).
 *
 * <p>It is a {@link Worker} of kind {@code TIMER_SCHEDULER} named {@code timers.<process>}: paused, it
 * fires nothing until resumed; its status counts the timers due (not those past their deadline, which
 * expire when taken), those it recorded as expired since it started, and its firings per second, as its thread last looked (it reads the pending timers once per look, at least once per {@code maxIdle}).
 */
public final class TimerScheduler implements AutoCloseable, Worker {

    private final TimerStore store;
    private final String process;
    private final TimerFiring firing;
    private final TimerWakeups wakeups = new TimerWakeups();
    private final TimerLoop loop;
    private final VellumClock.Listening listening;
    private final Thread thread;

    private TimerScheduler(Builder b) {
        this.store = b.store;
        this.process = b.process;
        this.firing = new TimerFiring(b.store, b.process, b.handler, b.clock, b.backoff, b.maxAttempts, b.onGiveUp,
                b.onExpiry);
        this.loop = new TimerLoop(b.store, b.process, b.clock, b.maxIdle, b.batchSize, b.gate, firing, wakeups);
        this.listening = b.clock.onMove(wakeups::wake);
        this.thread = Thread.ofPlatform().daemon().name("vellum-timers-" + process).unstarted(loop);
    }

    /** Starts configuring a scheduler for the timers of {@code process} in {@code store}. */
    public static Builder builder(TimerStore store, String process, TimerHandler handler) {
        return new Builder(store, process, handler);
    }

    /**
     * Schedules a timer of this scheduler's process; see {@link TimerStore#schedule}.
     *
     * @throws InvalidTimerException when it belongs to another process
     */
    public boolean schedule(Timer timer) {
        checkProcess(timer);
        boolean pending = store.schedule(timer);
        wakeups.wake();
        return pending;
    }

    private void checkProcess(Timer timer) {
        if (!timer.process().equals(process)) {
            throw new InvalidTimerException("Timer '" + timer.id() + "' belongs to process '" + timer.process()
                    + "', not to '" + process + "' whose scheduler was asked to schedule it.");
        }
    }

    /**
     * Releases a held timer so it fires from its due time; see {@link TimerStore#release}.
     *
     * @return true when it was held
     */
    public boolean release(String timerId) {
        boolean released = store.release(timerId);
        wakeups.wake();
        return released;
    }

    /**
     * Cancels a pending or held timer whose handler has not started; see {@link TimerStore#cancel}. A
     * timer being fired now cannot be cancelled: its handler may already have done its work, and
     * the scheduler records that it fired once the handler returns ({@link #isFiring}).
     *
     * @return true when it was pending or held and is now cancelled; false when it is unknown, has
     *     ended, or is firing now
     */
    public boolean cancel(String timerId) {
        return loop.cancelUnlessFiring(timerId);
    }

    /** True while the handler of timer {@code timerId} runs (and until its outcome is recorded). */
    public boolean isFiring(String timerId) {
        return loop.isFiring(timerId);
    }

    /**
     * Looks at the store again now. Call it after writing timers to the store directly (in a
     * transaction of your own, through a {@link TimerWriter}); otherwise they are noticed within
     * {@code maxIdle}.
     */
    public void poke() {
        wakeups.wake();
    }

    /** The pending and held timers of this process, earliest first. */
    public List<StoredTimer> pending() {
        return store.pending(process);
    }

    /** How many timers this scheduler has fired since it started. */
    public long firedCount() {
        return firing.firedCount();
    }

    /** How many timers this scheduler has recorded as expired (taken after their deadline) since it started. */
    public long expiredCount() {
        return firing.expiredCount();
    }

    /** The process whose timers it fires. */
    public String process() {
        return process;
    }

    /** How many timers of its process were pending or held when it last looked; from memory. */
    public long openCount() {
        return loop.openAtLastLook();
    }

    @Override
    public String name() {
        return "timers." + process;
    }

    @Override
    public WorkerKind kind() {
        return WorkerKind.TIMER_SCHEDULER;
    }

    /** Its status, from memory; it does not follow the log, so its checkpoint and head are {@link Position#START}. */
    @Override
    public WorkerStatus status() {
        return TimerSchedulerStatus.of(name(), loop, thread.isAlive(), expiredCount());
    }

    @Override
    public Set<WorkerControl> controls() {
        return WorkerKind.TIMER_SCHEDULER.controls();
    }

    /** Fires nothing more until {@link #resume()}; a handler that is running finishes. */
    @Override
    public void pause() {
        loop.pause(true);
    }

    /** Fires again from where it is. */
    @Override
    public void resume() {
        loop.pause(false);
    }

    /** Stops firing; returns once a handler that is running has returned. */
    @Override
    public void close() {
        loop.close();
        listening.close();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Settings for a {@link TimerScheduler}; each has a default. */
    public static final class Builder {

        private final TimerStore store;
        private final String process;
        private final TimerHandler handler;
        private VellumClock clock = VellumClock.system();
        private Backoff backoff = Backoff.DEFAULT;
        private Duration maxIdle = Duration.ofSeconds(1);
        private int batchSize = 100;
        private int maxAttempts = Integer.MAX_VALUE;
        private TimerFailureHandler onGiveUp = (timer, attempts, error) -> { };
        private TimerGate gate = TimerGate.NONE;
        private TimerExpiryHandler onExpiry = TimerExpiryHandler.NONE;

        private Builder(TimerStore store, String process, TimerHandler handler) {
            this.store = Objects.requireNonNull(store, "store");
            Timer.checkProcess(process);
            this.process = process;
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** The time timers are due by; {@link VellumClock#system()} unless set. */
        public Builder clock(VellumClock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /** The waits between attempts after a handler failed; {@link Backoff#DEFAULT} unless set. */
        public Builder backoff(Backoff newBackoff) {
            this.backoff = Objects.requireNonNull(newBackoff, "backoff");
            return this;
        }

        /**
         * The longest real time it sleeps before looking at the store again, which bounds how late a
         * timer fires when the system clock jumps or another writer schedules it; 1 s unless set.
         */
        public Builder maxIdle(Duration newMaxIdle) {
            if (newMaxIdle.isNegative() || newMaxIdle.isZero()) {
                throw new IllegalArgumentException("maxIdle must be positive, got " + newMaxIdle);
            }
            this.maxIdle = newMaxIdle;
            return this;
        }

        /**
         * Gives up on a timer whose handler failed {@code attempts} times: {@code onGiveUp} is told
         * (to record the failure, say), then the timer ends in {@link TimerState#FAILED}. Unless set,
         * a failing timer is retried for ever, which is what "fires at least once" needs.
         */
        public Builder giveUpAfter(int attempts, TimerFailureHandler handler) {
            if (attempts < 1) {
                throw new IllegalArgumentException("giveUpAfter needs 1 or more attempts, got " + attempts);
            }
            this.maxAttempts = attempts;
            this.onGiveUp = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Tells {@code handler} of each timer taken after its deadline, instead of firing it, before
         * the timer is recorded as {@link TimerState#EXPIRED}; {@link TimerExpiryHandler#NONE} unless set.
         */
        public Builder onExpiry(TimerExpiryHandler handler) {
            this.onExpiry = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Holds due timers back while {@code newGate} says they wait for something, spending no
         * attempt on them; {@link TimerGate#NONE} unless set.
         */
        public Builder gate(TimerGate newGate) {
            this.gate = Objects.requireNonNull(newGate, "gate");
            return this;
        }

        /** Starts the scheduler's thread. */
        public TimerScheduler start() {
            TimerScheduler scheduler = new TimerScheduler(this);
            scheduler.thread.start();
            return scheduler;
        }
    }
}
