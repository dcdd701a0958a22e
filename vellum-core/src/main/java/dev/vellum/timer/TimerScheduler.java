package dev.vellum.timer;

import dev.vellum.store.Position;
import dev.vellum.time.Backoff;
import dev.vellum.time.PermanentFailure;
import dev.vellum.time.Retrying;
import dev.vellum.time.VellumClock;
import dev.vellum.time.internal.TransientRetry;
import dev.vellum.worker.Waiting;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerError;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import dev.vellum.worker.spi.RateMeter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final long STALL_AFTER_MILLIS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(TimerScheduler.class);

    private final TimerStore store;
    private final String process;
    private final VellumClock clock;
    private final long maxIdleMillis;
    private final int batchSize;
    private final TimerFiring firing;
    private final TimerGate gate;
    private final TransientRetry storeFailures = new TransientRetry();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    /** Makes "is it firing?" and a cancellation one step, and "is it still pending?" and starting to fire another. */
    private final ReentrantLock claim = new ReentrantLock();
    private final VellumClock.Listening listening;
    private final Thread thread;
    private final RateMeter rate = new RateMeter();
    private long wakeups;
    private volatile boolean closing;
    private volatile boolean paused;
    private volatile boolean stoppedForGood;
    private volatile long firingSinceMillis;
    private volatile String firingId;
    private volatile Waiting waitingAtLastLook;
    private volatile long dueAtLastLook;
    private volatile long openAtLastLook;
    private volatile WorkerError lastError;

    private TimerScheduler(Builder b) {
        this.store = b.store;
        this.process = b.process;
        this.clock = b.clock;
        this.maxIdleMillis = b.maxIdle.toMillis();
        this.batchSize = b.batchSize;
        this.gate = b.gate;
        this.firing = new TimerFiring(b.store, b.process, b.handler, b.clock, b.backoff, b.maxAttempts, b.onGiveUp,
                b.onExpiry);
        this.listening = clock.onMove(this::wake);
        this.thread = Thread.ofPlatform().daemon().name("vellum-timers-" + process).unstarted(this::run);
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
        wake();
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
        wake();
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
        claim.lock();
        try {
            return !timerId.equals(firingId) && store.cancel(timerId, clock.instant());
        } finally {
            claim.unlock();
        }
    }

    /** True while the handler of timer {@code timerId} runs (and until its outcome is recorded). */
    public boolean isFiring(String timerId) {
        return timerId.equals(firingId);
    }

    /**
     * Looks at the store again now. Call it after writing timers to the store directly (in a
     * transaction of your own, through a {@link TimerWriter}); otherwise they are noticed within
     * {@code maxIdle}.
     */
    public void poke() {
        wake();
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

    private void run() {
        while (!closing) {
            long seen = wakeupsSoFar();
            if (paused) {
                await(seen, maxIdleMillis);
                continue;
            }
            long waitMillis;
            try {
                List<StoredTimer> due = store.due(process, clock.instant(), batchSize);
                Map<String, Waiting> heldBack = due.isEmpty() ? Map.of() : gate.holdBack(due);
                for (StoredTimer timer : due) {
                    if (closing || paused) {
                        break;
                    }
                    if (!heldBack.containsKey(timer.id())) {
                        fire(timer);
                    }
                }
                waitingAtLastLook = due.stream().map(t -> heldBack.get(t.id())).filter(Objects::nonNull).findFirst()
                        .orElse(null);
                List<StoredTimer> open = look();
                if (due.size() == batchSize && heldBack.isEmpty()) {
                    continue;
                }
                Optional<Instant> next = heldBack.isEmpty() ? store.nextAttempt(process) : open.stream()
                        .filter(t -> t.state() == TimerState.PENDING && !heldBack.containsKey(t.id()))
                        .map(StoredTimer::nextAttempt).min(Comparator.naturalOrder());
                waitMillis = next
                        .map(at -> Math.clamp(Duration.between(clock.instant(), at).toMillis(), 0, maxIdleMillis))
                        .orElse(maxIdleMillis);
                if (storeFailures.succeeded()) {
                    LOG.info("The timers of process '{}' can be read and recorded again", process);
                }
            } catch (RuntimeException e) {
                lastError = WorkerError.of(e, null, Instant.now());
                if (PermanentFailure.isIn(e)) {
                    LOG.warn("The timers of process '{}' stop firing here: {}", process, e.toString());
                    stoppedForGood = true;
                    return;
                }
                waitMillis = Math.min(maxIdleMillis, storeFailures.failed(e).toMillis());
                LOG.warn("The timers of process '{}' could not be read or recorded; trying again in {} ms: {}",
                        process, waitMillis, e.toString());
            }
            if (waitMillis > 0) {
                await(seen, waitMillis);
            }
        }
    }

    /**
     * Fires {@code due} unless it was cancelled (or ended) since the store listed it: claims it, so a
     * cancellation from now on is refused, and reads its state again under that claim.
     */
    private void fire(StoredTimer due) {
        StoredTimer timer;
        claim.lock();
        try {
            timer = store.find(due.id()).filter(t -> t.state() == TimerState.PENDING).orElse(null);
            if (timer == null) {
                return;
            }
            firingId = timer.id();
        } finally {
            claim.unlock();
        }
        long before = firing.firedCount();
        firingSinceMillis = System.currentTimeMillis();
        try {
            firing.fire(timer);
        } finally {
            firingSinceMillis = 0;
            firingId = null;
        }
        rate.mark(firing.firedCount() - before, System.currentTimeMillis());
    }

    /**
     * Counts the open timers, and those due, for the status; returns the open ones. A timer past its
     * deadline is not counted as due: it will expire, not fire, so it is not overdue (for the alerts).
     */
    private List<StoredTimer> look() {
        Instant now = clock.instant();
        List<StoredTimer> open = store.pending(process);
        openAtLastLook = open.size();
        dueAtLastLook = open.stream().filter(t -> t.state() == TimerState.PENDING && !t.nextAttempt().isAfter(now)
                && !t.timer().expiredAt(now)).count();
        return open;
    }

    /** How many timers of its process were pending or held when it last looked; from memory. */
    public long openCount() {
        return openAtLastLook;
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
        long now = System.currentTimeMillis();
        long firingSince = firingSinceMillis;
        Retrying retry = storeFailures.current().orElse(null);
        WorkerState state;
        if (stoppedForGood) {
            state = WorkerState.FAILED;
        } else if (closing || !thread.isAlive()) {
            state = WorkerState.STOPPED;
        } else if (paused) {
            state = WorkerState.PAUSED;
        } else if (retry != null) {
            state = WorkerState.RETRYING;
        } else if (firingSince != 0 && now - firingSince > STALL_AFTER_MILLIS) {
            state = WorkerState.STALLED;
        } else {
            state = WorkerState.LIVE;
        }
        return new WorkerStatus(name(), kind(), state, Position.START, Position.START, 0, Duration.ZERO,
                rate.perSecond(now), lastError, 0, 0, dueAtLastLook, null, null,
                Instant.ofEpochMilli(firingSince != 0 ? firingSince : now), state == WorkerState.RETRYING ? retry : null,
                null, waitingAtLastLook, expiredCount(), List.of());
    }

    @Override
    public Set<WorkerControl> controls() {
        return WorkerKind.TIMER_SCHEDULER.controls();
    }

    /** Fires nothing more until {@link #resume()}; a handler that is running finishes. */
    @Override
    public void pause() {
        paused = true;
        wake();
    }

    /** Fires again from where it is. */
    @Override
    public void resume() {
        paused = false;
        wake();
    }

    private long wakeupsSoFar() {
        lock.lock();
        try {
            return wakeups;
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            wakeups++;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void await(long seen, long millis) {
        lock.lock();
        try {
            if (wakeups == seen && !closing) {
                woken.await(millis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops firing; returns once a handler that is running has returned. */
    @Override
    public void close() {
        closing = true;
        listening.close();
        wake();
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
