package dev.vellum.sqlite.internal.inline;

import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.store.LogReader;
import dev.vellum.store.Position;
import dev.vellum.worker.WorkerError;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import dev.vellum.worker.spi.RateMeter;
import dev.vellum.worker.spi.WaitingTime;
import java.time.Duration;
import java.time.Instant;

/**
 * Where one inline projection stands while the store is open: catching up at open, live, or
 * failed (isolated, or stopped by an error while catching up). Written by the opening thread and
 * then the writer thread; read by anyone asking for its status.
 */
final class InlineRuntime {

    final Projection<SqlContext> projection;
    /** True when a failing handler leaves the append alone and this projection behind, false when it fails the append. */
    final boolean isolated;
    final ProjectionId id;
    private final RateMeter rate = new RateMeter();
    private volatile WorkerState state = WorkerState.CATCHING_UP;
    private volatile Position checkpoint = Position.START;
    private volatile WorkerError lastError;
    private volatile long parked;

    InlineRuntime(Projection<SqlContext> projection, boolean isolated) {
        this.projection = projection;
        this.isolated = isolated;
        this.id = projection.id();
    }

    boolean live() {
        return state == WorkerState.LIVE;
    }

    void live(Position at) {
        checkpoint = at;
        state = WorkerState.LIVE;
    }

    void applied(Position at, int events) {
        checkpoint = at;
        if (events > 0) {
            rate.mark(events, System.currentTimeMillis());
        }
    }

    void failed(WorkerError error, boolean eventParked) {
        lastError = error;
        state = WorkerState.FAILED;
        if (eventParked) {
            parked++;
        }
    }

    void parkedAtOpen(long count) {
        parked = count;
    }

    /** Its status; {@code log} is the store's, or null once the store is closed. */
    WorkerStatus status(LogReader log) {
        long now = System.currentTimeMillis();
        Position head = log == null ? checkpoint : log.head();
        Position at = state == WorkerState.LIVE ? head : checkpoint; // live: every committed append is in it
        long lag = Math.max(0, head.value() - at.value());
        Duration behind = lag == 0 ? Duration.ZERO
                : WaitingTime.oldest(log, at, projection.filter(), now);
        return new WorkerStatus(id.workerName(), WorkerKind.PROJECTION,
                log == null ? WorkerState.STOPPED : state, at, head, lag, behind, rate.perSecond(now), lastError, parked,
                0, 0, null, null, Instant.ofEpochMilli(now), null, null);
    }
}
