package dev.vellum.projection;

import dev.vellum.store.LogFilter;
import dev.vellum.store.LogSubscriber;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.Subscription;
import dev.vellum.store.SubscriptionState;
import dev.vellum.time.Retrying;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns a store subscription into batches for a projection: the subscription's thread puts each
 * event into a small bounded buffer (blocking while it is full, which is the back-pressure), and
 * the projection takes everything buffered at once. Catching up therefore gives large batches and
 * live traffic small ones, with no polling: the subscription wakes on each commit, the projection
 * on each event.
 *
 * <p>It counts the events it delivered and those the projection completed, so it can tell how far
 * the projection has seen the log, including events the filter passed over.
 */
final class EventFeed implements AutoCloseable {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<RecordedEvent> buffer;
    private final Subscription subscription;
    private long delivered;
    private volatile long completed;
    private volatile boolean closed;

    EventFeed(LogSubscriber log, Position after, LogFilter filter, int capacity) {
        this.capacity = capacity;
        this.buffer = new ArrayDeque<>(capacity);
        this.subscription = log.subscribe(after, filter, this::put);
    }

    private void put(RecordedEvent event) throws InterruptedException {
        lock.lock();
        try {
            while (buffer.size() >= capacity && !closed) {
                notFull.await();
            }
            if (closed) {
                return; // the projection stops; it never takes events it did not complete
            }
            delivered++; // before the subscription moves its position past the event: see seen()
            buffer.add(event);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for an event, then takes up to {@code max} buffered events
     * in position order; empty on timeout or when closed.
     */
    List<RecordedEvent> next(int max, long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (buffer.isEmpty() && !closed && left > 0) {
                left = notEmpty.awaitNanos(left);
            }
            if (closed || buffer.isEmpty()) {
                return List.of();
            }
            List<RecordedEvent> batch = new ArrayList<>(Math.min(max, buffer.size()));
            while (!buffer.isEmpty() && batch.size() < max) {
                batch.add(buffer.poll());
            }
            notFull.signal();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Records that the projection has applied (or skipped) {@code events} more events. Its thread only. */
    void completed(int events) {
        completed += events;
    }

    /**
     * The position up to which the projection has seen the log, events the filter passed over
     * included; empty while an event it was given is not completed. The subscription moves its
     * position only after handing the events up to it over, and {@link #put} counts them first, so
     * when every counted event is completed, every event up to that position is.
     */
    Optional<Position> seen() {
        Position position = subscription.position();
        long given;
        lock.lock();
        try {
            given = delivered;
        } finally {
            lock.unlock();
        }
        return given == completed ? Optional.of(position) : Optional.empty();
    }

    /** True when the subscription is at the head and the projection has completed all it was given. */
    boolean live() {
        return subscription.state() == SubscriptionState.LIVE && seen().isPresent();
    }

    /**
     * True when the subscription is at the head and follows new appends as they commit, whether or not
     * the projection has completed what it was given: under steady appends a caught-up projection
     * always has a few events in flight.
     */
    boolean following() {
        return subscription.state() == SubscriptionState.LIVE;
    }

    /** Why the subscription stopped, when it stopped by itself (a store error or the store closing). */
    Optional<String> stoppedBecause() {
        return switch (subscription.state()) {
            case FAILED -> Optional.of("reading the event store failed: "
                    + subscription.failure().map(Throwable::toString).orElse("unknown error"));
            case CLOSED -> closed ? Optional.empty() : Optional.of("the event store was closed");
            case CATCHING_UP, LIVE, RETRYING -> Optional.empty();
        };
    }

    /** While the subscription retries a read of the log that failed in a way waiting can cure. */
    Optional<Retrying> retrying() {
        return subscription.retrying();
    }

    /** Events delivered and not yet completed. */
    long pending() {
        lock.lock();
        try {
            return delivered - completed;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the subscription and drops what is buffered; wakes a waiting {@link #next}. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            buffer.clear();
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        subscription.close();
    }
}
