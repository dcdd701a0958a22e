package dev.vellum.worker.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The last answer of a store read a status shows (the head of the log, say), kept in memory and
 * refreshed on a thread of its own, so a status never waits for the store: asking starts a read
 * unless one is in flight, waits for it a short while ({@link #FRESH}) while the store answers,
 * and otherwise answers at once with the last value. A read that fails, or that has not answered
 * within {@link #UNREACHABLE_AFTER}, marks the store unreachable since that read began, until a
 * read succeeds again.
 *
 * @param <T> what is read
 */
public final class StoreSample<T> {

    /** The longest a status waits for a fresh value while the store answers. */
    static final Duration FRESH = Duration.ofMillis(100);
    /** How long a read may stay unanswered before the store counts as unreachable. */
    static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(1);

    /** A value and whether the store answered the reads for it. */
    public record Reading<T>(T value, Instant unreachableSince) {
    }

    private final String name;
    private final Supplier<T> read;
    private T value;
    private Instant unreachableSince;
    private CompletableFuture<T> inFlight;
    private long inFlightSinceMillis;

    /**
     * @param name names the reading threads
     * @param initial the value until a read succeeds
     * @param read the store read; it may block or throw
     */
    public StoreSample(String name, T initial, Supplier<T> read) {
        this.name = name;
        this.value = initial;
        this.read = read;
    }

    /** The freshest value it can give without waiting for the store longer than {@link #FRESH}. */
    public Reading<T> get() {
        CompletableFuture<T> reading;
        long waitMillis;
        synchronized (this) {
            reading = refresh();
            long age = System.currentTimeMillis() - inFlightSinceMillis;
            waitMillis = unreachableSince == null ? FRESH.toMillis() - age : 0;
        }
        if (waitMillis > 0) {
            try {
                reading.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the last value it is; a failure is recorded by the read itself
            }
        }
        synchronized (this) {
            if (inFlight != null && unreachableSince == null
                    && System.currentTimeMillis() - inFlightSinceMillis > UNREACHABLE_AFTER.toMillis()) {
                unreachableSince = Instant.ofEpochMilli(inFlightSinceMillis);
            }
            return new Reading<>(value, unreachableSince);
        }
    }

    /** The read in flight, or a new one. */
    private CompletableFuture<T> refresh() {
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<T> reading = new CompletableFuture<>();
        long started = System.currentTimeMillis();
        inFlight = reading;
        inFlightSinceMillis = started;
        Thread.ofPlatform().daemon().name("vellum-status-" + name).start(() -> {
            try {
                T fresh = read.get();
                synchronized (this) {
                    value = fresh;
                    unreachableSince = null;
                    inFlight = null;
                }
                reading.complete(fresh);
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    if (unreachableSince == null) {
                        unreachableSince = Instant.ofEpochMilli(started);
                    }
                    inFlight = null;
                }
                reading.completeExceptionally(e);
            }
        });
        return reading;
    }
}
