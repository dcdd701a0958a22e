package dev.vellum.store.spi;

import dev.vellum.store.EventHandler;
import dev.vellum.store.LogFilter;
import dev.vellum.store.LogReader;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.Subscription;
import dev.vellum.store.SubscriptionState;
import dev.vellum.time.Retrying;
import dev.vellum.time.TransientFailure;
import dev.vellum.time.internal.TransientRetry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscription every store uses: one thread pulls pages from a {@link LogReader} after its
 * checkpoint and hands each event to the handler; when a page comes back short it is live and
 * sleeps on the store's {@link AppendSignal} until a commit wakes it. Pulling one page at a time is
 * the back-pressure: nothing is buffered beyond one page.
 *
 * <p>A read, or a handler, that fails with a {@link TransientFailure} (the store unreachable, a
 * connection lost) is tried again at the same position after a backoff ({@link TransientRetry}), for
 * as long as the failure lasts: the subscription is {@link SubscriptionState#RETRYING} meanwhile and
 * hands over no event twice and skips none. Any other error fails it.
 */
final class CatchUpSubscription implements Subscription {

    /** How many events one read fetches. */
    static final int PAGE_SIZE = 500;

    /** A safety net only: live delivery is driven by the signal, not by this timeout. */
    private static final long IDLE_RECHECK_MS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(CatchUpSubscription.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final LogReader reader;
    private final AppendSignal signal;
    private final LogFilter filter;
    private final EventHandler handler;
    private final Runnable onStop;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progressed = lock.newCondition();
    private final Thread thread;
    private final TransientRetry retry = new TransientRetry();
    private final CountDownLatch closed = new CountDownLatch(1);

    private volatile Position position;
    private volatile SubscriptionState state = SubscriptionState.CATCHING_UP;
    private volatile Throwable failure;
    private volatile boolean closing;

    private CatchUpSubscription(LogReader reader, AppendSignal signal, Position after, LogFilter filter,
            EventHandler handler, Runnable onStop) {
        this.reader = reader;
        this.signal = signal;
        this.position = after;
        this.filter = filter;
        this.handler = handler;
        this.onStop = onStop;
        this.thread = Thread.ofPlatform().daemon().name("vellum-subscription-" + IDS.incrementAndGet())
                .unstarted(this::run);
    }

    /**
     * Creates a subscription; {@link #start()} sets it going on its own thread.
     *
     * @param onStop run once when the subscription stops for any reason
     */
    public static CatchUpSubscription create(LogReader reader, AppendSignal signal, Position after,
            LogFilter filter, EventHandler handler, Runnable onStop) {
        return new CatchUpSubscription(reader, signal, after, filter, handler, onStop);
    }

    /** Starts reading; call once. */
    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!closing) {
                long seen = signal.version();
                Page page = untilDone(() -> new Page(reader.head(), reader.readAll(position, filter, PAGE_SIZE)));
                if (page == null) {
                    return;
                }
                for (RecordedEvent event : page.events()) {
                    if (closing || untilDone(() -> handle(event)) == null) {
                        return;
                    }
                    position = event.position();
                }
                boolean caughtUp = page.events().size() < PAGE_SIZE;
                if (caughtUp && page.head().isAfter(position)) {
                    position = page.head(); // every kept event up to the head was in this page
                }
                state = caughtUp ? SubscriptionState.LIVE : SubscriptionState.CATCHING_UP;
                progressed();
                if (caughtUp && !closing) {
                    signal.await(seen, () -> closing, IDLE_RECHECK_MS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (StoreClosedException e) {
            LOG.debug("Subscription stopped: the store closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            if (!closing) {
                failure = e;
                LOG.warn("Subscription failed after position {}", position, e);
            }
        } finally {
            state = failure != null ? SubscriptionState.FAILED : SubscriptionState.CLOSED;
            progressed();
            onStop.run();
        }
    }

    /** One page of the log and the head read just before it. */
    private record Page(Position head, List<RecordedEvent> events) {
    }

    /** One step of the subscription: a read, or handing one event over. */
    @FunctionalInterface
    private interface Step<T> {
        T run() throws Exception;
    }

    private Boolean handle(RecordedEvent event) throws Exception {
        handler.handle(event);
        return Boolean.TRUE;
    }

    /**
     * Runs {@code step} until it works, waiting after each {@link TransientFailure}; any other error is
     * thrown. Null when the subscription was closed meanwhile.
     */
    private <T> T untilDone(Step<T> step) throws Exception {
        while (!closing) {
            try {
                T done = step.run();
                if (retry.succeeded()) {
                    LOG.info("Subscription resumed after position {}", position);
                    state = SubscriptionState.CATCHING_UP;
                }
                return done;
            } catch (Exception e) {
                if (closing || !TransientFailure.isIn(e)) {
                    throw e;
                }
                Duration wait = retry.failed(e);
                state = SubscriptionState.RETRYING;
                progressed();
                LOG.warn("Subscription after position {} could not go on (attempt {}); retrying in {} ms: {}", position,
                        retry.current().map(Retrying::attempt).orElse(1), wait.toMillis(), e.toString());
                if (closed.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                    return null;
                }
            }
        }
        return null;
    }

    private void progressed() {
        lock.lock();
        try {
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SubscriptionState state() {
        return state;
    }

    @Override
    public Position position() {
        return position;
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public Optional<Retrying> retrying() {
        return state == SubscriptionState.RETRYING ? retry.current() : Optional.empty();
    }

    @Override
    public boolean awaitPosition(Position target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (target.isAfter(position)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || state == SubscriptionState.FAILED || state == SubscriptionState.CLOSED) {
                    return !target.isAfter(position);
                }
                progressed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closing = true;
        closed.countDown();
        signal.wakeAll();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
