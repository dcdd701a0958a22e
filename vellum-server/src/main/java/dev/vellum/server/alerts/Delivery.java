package dev.vellum.server.alerts;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One notifier's thread and queue: alerts go out one at a time, in order, and a notifier that fails or
 * blocks holds up only itself. When the queue is full (a receiver down for long) new alerts are logged
 * and dropped, so memory stays bounded.
 */
final class Delivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final int QUEUE = 10_000;

    private final Notifier notifier;
    private final ThreadPoolExecutor thread;

    /** A delivery to {@code notifier}, on a daemon thread named after {@code name}. */
    public Delivery(Notifier notifier, String name) {
        this.notifier = notifier;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                Thread.ofPlatform().daemon().name(name).factory());
    }

    /** Queues {@code alert} for the notifier. */
    public void offer(Alert alert) {
        try {
            thread.execute(() -> deliver(alert));
        } catch (RejectedExecutionException e) {
            LOG.error("Alert dropped, the queue of {} is full or closed: {}", notifier.getClass().getSimpleName(),
                    alert.summary());
        }
    }

    private void deliver(Alert alert) {
        try {
            notifier.send(alert);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Alert not delivered, the alerts are closing: {}", alert.summary());
        } catch (Exception e) {
            LOG.error("Alert not delivered by {}: {}", notifier.getClass().getSimpleName(), alert.summary(), e);
        }
    }

    /** Waits up to {@code grace} for the queued alerts, then interrupts the one being delivered. */
    public void close(Duration grace) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
