package dev.vellum.projection;

import dev.vellum.retry.Retries;
import dev.vellum.retry.internal.RetryLoop;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import java.time.Instant;
import java.util.List;

/**
 * Applies the events of one partition, in order, in as few transactions as the errors allow, and
 * moves the partition's checkpoint in the same transactions. The happy path is one transaction per
 * batch. When the handler throws on an event, the transaction is rolled back; on an exactly-once
 * store the events before it are applied again in a transaction of their own (their writes were
 * rolled back too), elsewhere only the checkpoint moves past them. The failing event then gets the
 * projection's {@link Retries}, each attempt in its own transaction, then its {@link ErrorPolicy}: park
 * (the parked record and the checkpoint commit together) or stop. A handler error that waiting can
 * cure ({@link CheckpointStore#isTransient}: the read-model database unreachable, a connection lost)
 * is retried for as long as it lasts and is never parked ({@link RetryLoop}).
 *
 * <p>Writes a handler deferred ({@link CheckpointStore.Transaction#flush}, a SQL context's batch) run
 * after the last handler; when they fail, or a handler meets their failure, the error cannot be
 * told to belong to one event: the transaction is rolled back and its events are applied again one
 * per transaction, where each failure is the one event's.
 *
 * @param <C> the context handlers write through
 */
final class BatchApplier<C extends ProjectionContext> {

    /** How applying a partition's events ended. */
    sealed interface Outcome {
        /** Everything applied (or parked); the checkpoint is at the end. */
        record Done() implements Outcome {
        }

        /** Told to stop while waiting to retry; the checkpoint is before {@code event}. */
        record Stopped() implements Outcome {
        }

        /** The error policy said stop: {@code event} still fails after its retries. */
        record Failed(RecordedEvent event, Exception error) implements Outcome {
        }
    }

    /** Told of each commit: the partition's checkpoint is now {@code position}. */
    @FunctionalInterface
    interface Committed {
        void committed(int partition, Position position);
    }

    private static final Outcome DONE = new Outcome.Done();

    private final Projection<? super C> projection;
    private final ProjectionId id;
    private final CheckpointStore<C> store;
    private final Progress progress;
    private final StopSignal stop;
    private final Committed committed;

    BatchApplier(Projection<? super C> projection, ProjectionId id, CheckpointStore<C> store, Progress progress,
            StopSignal stop, Committed committed) {
        this.projection = projection;
        this.id = id;
        this.store = store;
        this.progress = progress;
        this.stop = stop;
        this.committed = committed;
    }

    /**
     * Applies {@code events} (all of partition {@code partition}, in position order, all after its
     * checkpoint) and moves its checkpoint to {@code end}, which is at or after the last of them.
     */
    Outcome apply(int partition, List<RecordedEvent> events, Position end) throws InterruptedException {
        int from = 0;
        while (from < events.size()) {
            List<RecordedEvent> rest = events.subList(from, events.size());
            Failure failure = tryApply(partition, rest, end);
            if (failure == null) {
                return DONE;
            }
            if (failure.index() == UNATTRIBUTED) {
                return applyEach(partition, rest, end);
            }
            int failed = failure.index();
            if (failed > 0) {
                Position before = rest.get(failed - 1).position();
                Outcome prefix = store.exactlyOnce()
                        ? apply(partition, rest.subList(0, failed), before)
                        : moveCheckpoint(partition, before);
                if (!(prefix instanceof Outcome.Done)) {
                    return prefix;
                }
            }
            Outcome single = retryThenPark(partition, rest.get(failed), failure.error());
            if (!(single instanceof Outcome.Done)) {
                return single;
            }
            from += failed + 1;
        }
        // every event is applied or parked, the last one's position committed; the end may lie beyond
        return toEnd(partition, events, end);
    }

    /** Moves the checkpoint on to {@code end} when it lies beyond the last of {@code events}, whose position is committed. */
    private Outcome toEnd(int partition, List<RecordedEvent> events, Position end) {
        return events.isEmpty() || end.isAfter(events.getLast().position()) ? moveCheckpoint(partition, end) : DONE;
    }

    /** Applies {@code events} one per transaction (retrying, then parking or stopping on each failure), then moves to {@code end}. */
    private Outcome applyEach(int partition, List<RecordedEvent> events, Position end) throws InterruptedException {
        for (RecordedEvent event : events) {
            Failure failure = tryApply(partition, List.of(event), event.position());
            if (failure != null) {
                Outcome single = retryThenPark(partition, event, failure.error());
                if (!(single instanceof Outcome.Done)) {
                    return single;
                }
            }
        }
        return toEnd(partition, events, end);
    }

    /** The index of a failure that belongs to one of several events, but not to a known one. */
    private static final int UNATTRIBUTED = -1;

    private record Failure(int index, Exception error) {
    }

    /**
     * Applies all of {@code events}, runs their deferred writes and commits at {@code end}; on an error
     * rolls back and says at which event, or {@link #UNATTRIBUTED} when deferred writes of several
     * events failed.
     */
    private Failure tryApply(int partition, List<RecordedEvent> events, Position end) {
        try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
            C context = tx.context();
            for (int i = 0; i < events.size(); i++) {
                try {
                    projection.handler().apply(context, events.get(i));
                } catch (Exception e) {
                    return failure(tx, events, i, e);
                }
                progress.beat();
            }
            try {
                tx.flush();
            } catch (RuntimeException e) {
                return failure(tx, events, events.size() - 1, e);
            }
            tx.saveCheckpoint(partition, end);
            tx.commit();
        }
        committed(partition, end, events.size());
        return null;
    }

    /** The failure of {@code events} seen at {@code index}: that event's, unless deferred writes of several failed. */
    private Failure failure(CheckpointStore.Transaction<C> tx, List<RecordedEvent> events, int index, Exception e) {
        if (events.size() > 1 && tx.deferredWriteFailed()) {
            return new Failure(UNATTRIBUTED, e);
        }
        progress.error(e, events.get(index).position());
        return new Failure(index, e);
    }

    private Outcome retryThenPark(int partition, RecordedEvent event, Exception firstError) throws InterruptedException {
        Retries policy = projection.retries();
        RetryLoop.Policy retries = new RetryLoop.Policy(policy.retries(), policy.backoff(), store::isTransient,
                progress.transients());
        RetryLoop.Outcome retried = RetryLoop.retry(retries, (wait, error) -> stop.sleep(wait, progress),
                () -> errorOf(tryApply(partition, List.of(event), event.position())), firstError);
        return switch (retried) {
            case RetryLoop.Outcome.Succeeded s -> DONE;
            case RetryLoop.Outcome.Stopped s -> new Outcome.Stopped();
            case RetryLoop.Outcome.GaveUp gaveUp -> stopOrPark(partition, event, gaveUp.last());
        };
    }

    /** What the error policy says once the retries are used up: stop before {@code event}, or park it. */
    private Outcome stopOrPark(int partition, RecordedEvent event, Exception last) {
        if (projection.errorPolicy() == ErrorPolicy.STOP) {
            return new Outcome.Failed(event, last);
        }
        ParkedEvent parked = new ParkedEvent(id, event.position(), event.stream(), event.type(),
                ParkedEvent.describe(last), projection.retries().attempts(), Instant.now());
        try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
            tx.park(parked);
            tx.saveCheckpoint(partition, event.position());
            tx.commit();
        }
        progress.parkedChanged(1);
        committed(partition, event.position(), 1);
        return DONE;
    }

    private static Exception errorOf(Failure failure) {
        return failure == null ? null : failure.error();
    }

    private Outcome moveCheckpoint(int partition, Position position) {
        try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
            tx.saveCheckpoint(partition, position);
            tx.commit();
        }
        committed(partition, position, 0);
        return DONE;
    }

    private void committed(int partition, Position position, int events) {
        if (events > 0) {
            progress.applied(events);
        }
        committed.committed(partition, position);
    }
}
