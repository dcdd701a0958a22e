package dev.vellum.jdbc.spi;

import dev.vellum.store.StoreClosedException;
import dev.vellum.store.VellumException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The bounded queue between callers and a store's writer threads. Callers block while it is full
 * (the back-pressure); once it is closed, new requests are refused with {@link StoreClosedException}
 * while those already queued stay for the writers to finish.
 *
 * @param <R> what the store's writers take: {@link WriteRequest} itself, or a sealed type of the
 *     store's own that wraps it beside work only that store has (SQLite's writer jobs)
 */
public final class WriteQueue<R extends QueuedWrite> {

    private final String name;
    private final BlockingQueue<R> queue;
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private volatile boolean closed;

    /**
     * Checks a store builder's {@code writeQueueCapacity} setting, before the store opens.
     *
     * @return {@code capacity}
     * @throws IllegalArgumentException when it is below 1
     */
    public static int checkCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("writeQueueCapacity must be 1 or more, got " + capacity);
        }
        return capacity;
    }

    /** @param name the store's name for messages @param capacity how many requests may wait */
    public WriteQueue(String name, int capacity) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Queues a request, waiting for room when the queue is full.
     *
     * @throws StoreClosedException when the queue is closed
     */
    public void submit(R request) {
        closing.readLock().lock();
        try {
            if (closed) {
                throw new StoreClosedException(name);
            }
            queue.put(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VellumException("Interrupted while waiting for room in the write queue of " + name
                    + "; nothing was written.", e);
        } finally {
            closing.readLock().unlock();
        }
    }

    /**
     * Refuses new requests from now on; a caller already waiting for room finishes queueing first.
     *
     * @return false when it was closed already
     */
    public boolean close() {
        closing.writeLock().lock();
        try {
            boolean wasOpen = !closed;
            closed = true;
            return wasOpen;
        } finally {
            closing.writeLock().unlock();
        }
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** True when nothing is queued. */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Adds a request past the closed check and the capacity wait: for the writer's own stop marker. */
    public void putInternal(R request) throws InterruptedException {
        queue.put(request);
    }

    /** The next request, waiting for one. */
    public R take() throws InterruptedException {
        return queue.take();
    }

    /** The next request, or null when none arrives within the timeout. */
    public R poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    /** The next request, or null when none is queued. */
    public R poll() {
        return queue.poll();
    }

    /** Fails every queued request: the writers are gone. */
    public void failAll() {
        R request;
        while ((request = queue.poll()) != null) {
            request.fail(new StoreClosedException(name));
        }
    }
}
