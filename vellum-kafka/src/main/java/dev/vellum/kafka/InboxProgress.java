package dev.vellum.kafka;

import dev.vellum.worker.PartitionLag;
import dev.vellum.worker.spi.RateMeter;
import dev.vellum.store.Position;
import dev.vellum.time.Retrying;
import dev.vellum.worker.WorkerError;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What an inbox's consumer thread tells its status, kept in memory: the batch in progress, the rate,
 * the last error, a retry, a failure. The consumer thread writes it; {@link #status} reads it from any
 * thread without waiting.
 */
final class InboxProgress {

    /** How long one batch may take before the inbox shows as stalled. */
    private static final Duration STALL_AFTER = Duration.ofSeconds(30);

    private final RateMeter rate = new RateMeter();
    private volatile Retrying retrying;
    private volatile WorkerError lastError;
    private volatile Throwable failure;
    private volatile long batchSinceMillis;
    private volatile long lastProgressMillis = System.currentTimeMillis();

    void batchStarted(long millis) {
        batchSinceMillis = millis;
    }

    void batchEnded(int records, long millis) {
        rate.mark(records, millis);
        lastProgressMillis = millis;
        batchSinceMillis = 0;
    }

    void error(WorkerError error) {
        lastError = error;
    }

    void failed(Throwable error) {
        failure = error;
        lastError = WorkerError.of(error, null, Instant.now());
    }

    /** Notes a failed attempt ({@code null}: the last attempt succeeded) and when the next one is. */
    void retrying(Throwable error, Instant nextAttempt) {
        if (error == null) {
            retrying = null;
            return;
        }
        Retrying before = retrying;
        retrying = before == null ? new Retrying(error, 1, Instant.now(), nextAttempt) : before.then(error, nextAttempt);
        lastError = WorkerError.of(error, null, Instant.now());
    }

    /** Why the loop ended, if it failed; {@code null} otherwise. */
    public Throwable failure() {
        return failure;
    }

    /**
     * The status of inbox {@code worker}: {@code closed} and {@code paused} as its owner says,
     * {@code parked} records, the {@code lags} of its partitions (summed as its lag, and given one by one
     * as its {@link WorkerStatus#partitions()}) and when it was last caught up.
     */
    public WorkerStatus status(String worker, boolean closed, boolean paused, long parked, List<PartitionLag> lags,
            long caughtUpMillis) {
        long now = System.currentTimeMillis();
        long lagRecords = lags.stream().mapToLong(PartitionLag::lag).sum();
        long batchSince = batchSinceMillis;
        Retrying retry = retrying;
        WorkerState state;
        if (closed) {
            state = WorkerState.STOPPED;
        } else if (failure != null) {
            state = WorkerState.FAILED;
        } else if (paused) {
            state = WorkerState.PAUSED;
        } else if (retry != null) {
            state = WorkerState.RETRYING;
        } else if (batchSince != 0 && now - batchSince > STALL_AFTER.toMillis()) {
            state = WorkerState.STALLED;
        } else {
            state = lagRecords > 0 ? WorkerState.CATCHING_UP : WorkerState.LIVE;
        }
        boolean running = state != WorkerState.STOPPED && state != WorkerState.FAILED && state != WorkerState.PAUSED;
        long heartbeat = batchSince != 0 ? batchSince : running ? now : lastProgressMillis;
        Duration lag = lagRecords == 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, now - caughtUpMillis));
        return new WorkerStatus(worker, WorkerKind.INBOX, state, Position.START, Position.START, lagRecords, lag,
                rate.perSecond(now), lastError, parked, 0, 0, null, null, Instant.ofEpochMilli(heartbeat),
                state == WorkerState.RETRYING ? retry : null, null, null, 0, lags);
    }
}
