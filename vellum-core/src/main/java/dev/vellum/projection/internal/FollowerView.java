package dev.vellum.projection.internal;

import dev.vellum.store.EventHandler;
import dev.vellum.store.LogFilter;
import dev.vellum.store.LogReader;
import dev.vellum.store.Position;
import dev.vellum.store.SubscriptionState;
import dev.vellum.time.Retrying;
import dev.vellum.worker.WorkerError;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import dev.vellum.worker.internal.LogView;
import dev.vellum.worker.internal.StoreSample;
import dev.vellum.worker.spi.RateMeter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The status of a worker that follows the log through a subscription (a reactor, a process manager,
 * an integration publisher), kept in memory: its handler is wrapped ({@link #around}) to count the
 * events it handles, note when it began the one it is on, and keep its last error with the event's
 * position; the head of the log and when the first event waiting was recorded come from a
 * {@link StoreSample}. So {@link #status} never waits for a handler or the database.
 */
public final class FollowerView {

    /** How long a handler may stay on one event before the worker shows as stalled. */
    static final Duration STALL_AFTER = Duration.ofSeconds(30);

    private final String name;
    private final WorkerKind kind;
    private final RateMeter rate = new RateMeter();
    private final StoreSample<LogView> log;
    private volatile long handlingSinceMillis;
    private volatile long lastHandledMillis = System.currentTimeMillis();
    private volatile WorkerError lastError;

    /**
     * @param checkpoint the worker's checkpoint now, which the log sample reads after
     * @param filter the events it handles, for the lag in time
     */
    public FollowerView(String name, WorkerKind kind, LogReader reader, LogFilter filter, Supplier<Position> checkpoint) {
        this.name = name;
        this.kind = kind;
        this.log = new StoreSample<>(name, LogView.EMPTY,
                () -> LogView.read(reader, checkpoint.get(), filter));
    }

    /** {@code handler}, counted: each event handled, the time it began, the error it threw. */
    public EventHandler around(EventHandler handler) {
        return event -> {
            handlingSinceMillis = System.currentTimeMillis();
            try {
                handler.handle(event);
                long now = System.currentTimeMillis();
                lastHandledMillis = now;
                rate.mark(1, now);
            } catch (Exception | Error e) {
                lastError = WorkerError.of(e, event.position(), Instant.now());
                throw e;
            } finally {
                handlingSinceMillis = 0;
            }
        };
    }

    /** Records an error met outside the handler (a delivery, the store), on the event at {@code position} or {@code null}. */
    public void error(Throwable error, Position position) {
        lastError = WorkerError.of(error, position, Instant.now());
    }

    /**
     * Its status: {@code subscription} is the state of its subscription and {@code failure} why it
     * failed (shown as the last error when the handler recorded none); {@code paused} when an operator
     * paused it.
     */
    public WorkerStatus status(SubscriptionState subscription, Optional<Throwable> failure, boolean paused,
            Position checkpoint, Retrying retrying, long pendingEffects, long dueTimers) {
        long now = System.currentTimeMillis();
        StoreSample.Reading<LogView> reading = log.get();
        LogView sample = reading.value();
        Position head = sample.headAtLeast(checkpoint);
        long lagEvents = head.value() - checkpoint.value();
        Duration lag = sample.lag(checkpoint, now);
        long handlingSince = handlingSinceMillis;
        WorkerState state = state(subscription, paused, handlingSince != 0 && now - handlingSince > STALL_AFTER.toMillis());
        long heartbeat = handlingSince != 0 ? handlingSince : running(state) ? now : lastHandledMillis;
        if (lastError == null && state == WorkerState.FAILED && failure.isPresent()) {
            lastError = WorkerError.of(failure.get(), null, Instant.ofEpochMilli(lastHandledMillis));
        }
        return new WorkerStatus(name, kind, state, checkpoint, head, lagEvents, lag, rate.perSecond(now), lastError, 0,
                pendingEffects, dueTimers, null, null, Instant.ofEpochMilli(heartbeat),
                state == WorkerState.RETRYING ? retrying : null, reading.unreachableSince());
    }

    private static boolean running(WorkerState state) {
        return state != WorkerState.PAUSED && state != WorkerState.STOPPED && state != WorkerState.FAILED;
    }

    private static WorkerState state(SubscriptionState subscription, boolean paused, boolean stalled) {
        if (paused) {
            return WorkerState.PAUSED;
        }
        return switch (subscription) {
            case CATCHING_UP -> stalled ? WorkerState.STALLED : WorkerState.CATCHING_UP;
            case LIVE -> stalled ? WorkerState.STALLED : WorkerState.LIVE;
            case RETRYING -> WorkerState.RETRYING;
            case FAILED -> WorkerState.FAILED;
            case CLOSED -> WorkerState.STOPPED;
        };
    }
}
