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
 */
public final class WriteQueue {

    private final String name;
    private final BlockingQueue<WriteRequest> queue;
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private volatile boolean closed;

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
    public void submit(WriteRequest request) {
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
    public void putInternal(WriteRequest request) throws InterruptedException {
        queue.put(request);
    }

    /** The next request, waiting for one. */
    public WriteRequest take() throws InterruptedException {
        return queue.take();
    }

    /** The next request, or null when none arrives within the timeout. */
    public WriteRequest poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    /** The next request, or null when none is queued. */
    public WriteRequest poll() {
        return queue.poll();
    }

    /** Fails every queued request: the writers are gone. */
    public void failAll() {
        WriteRequest request;
        while ((request = queue.poll()) != null) {
            request.fail(new StoreClosedException(name));
        }
    }
}
