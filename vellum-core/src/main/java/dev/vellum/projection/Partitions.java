package dev.vellum.projection;

import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits each batch by stream into the projection's partitions and applies them in parallel, each
 * partition in order and with a checkpoint of its own. A stream always lands in the same partition
 * ({@code String.hashCode} is fixed by the Java specification), so its events keep their order.
 *
 * <p>Each partition's checkpoint says that every event of that partition up to it is applied, so
 * the projection's checkpoint, the lowest of them, never passes an event not yet applied. After a
 * crash the partitions may stand at different positions: the run starts from the lowest and each
 * partition skips what it had already applied. A partition that gets no events in a batch has
 * nothing to apply up to the batch's end: once the batch is applied, {@link #persist} saves that
 * in one more transaction, so the saved checkpoint keeps up under load as a single partition's
 * does. Events the filter passed over move the checkpoints in memory, saved when the projection is
 * idle or stops (a single partition does the same).
 *
 * <p>The partition count may change between runs: the saved layout is used until every partition
 * stands at the same position (after the first batch), then the checkpoints are laid out anew.
 */
final class Partitions<C extends ProjectionContext> implements AutoCloseable {

    private final ProjectionId id;
    private final CheckpointStore<C> store;
    private final BatchApplier<C> applier;
    private final int desired;
    private final ExecutorService pool;
    private int layout;
    private Position[] saved;
    private Position[] effective;

    Partitions(ProjectionId id, CheckpointStore<C> store, BatchApplierFactory<C> applier, Checkpoints checkpoints,
            int desired) {
        this.id = id;
        this.store = store;
        this.applier = applier.create(this::committed);
        this.desired = desired;
        this.layout = checkpoints.partitions();
        this.saved = checkpoints.positions().toArray(Position[]::new);
        this.effective = saved.clone();
        int threads = Math.max(layout, desired);
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().daemon().name("vellum-projection-" + id.name() + "-partition-", 0).factory());
    }

    /** Makes the applier once the callback exists. */
    @FunctionalInterface
    interface BatchApplierFactory<C extends ProjectionContext> {
        BatchApplier<C> create(BatchApplier.Committed committed);
    }

    /** The partition of {@code event} among {@code partitions}. */
    static int of(RecordedEvent event, int partitions) {
        return Math.floorMod(event.stream().value().hashCode(), partitions);
    }

    /** Applies a batch (in position order); returns the first partition's outcome that is not done. */
    BatchApplier.Outcome apply(List<RecordedEvent> batch) throws InterruptedException {
        Position end = batch.getLast().position();
        List<List<RecordedEvent>> split = new ArrayList<>(layout);
        for (int k = 0; k < layout; k++) {
            split.add(new ArrayList<>());
        }
        for (RecordedEvent event : batch) {
            int k = of(event, layout);
            if (event.position().isAfter(effective[k])) {
                split.get(k).add(event);
            }
        }
        BatchApplier.Outcome outcome = pool == null ? applier.apply(0, split.getFirst(), end) : applyInParallel(split, end);
        if (outcome instanceof BatchApplier.Outcome.Done) {
            advanceTo(end); // partitions without events in the batch have nothing to apply up to its end
            persist(); // and their checkpoints are saved with the batch, as the partitions with events saved theirs
        }
        return outcome;
    }

    private BatchApplier.Outcome applyInParallel(List<List<RecordedEvent>> split, Position end)
            throws InterruptedException {
        List<Future<BatchApplier.Outcome>> running = new ArrayList<>();
        for (int k = 0; k < layout; k++) {
            int partition = k;
            List<RecordedEvent> events = split.get(k);
            if (!events.isEmpty()) {
                running.add(pool.submit(() -> applier.apply(partition, events, end)));
            }
        }
        BatchApplier.Outcome first = new BatchApplier.Outcome.Done();
        RuntimeException storeError = null;
        for (Future<BatchApplier.Outcome> f : running) {
            try {
                BatchApplier.Outcome o = f.get();
                if (first instanceof BatchApplier.Outcome.Done) {
                    first = o;
                }
            } catch (ExecutionException e) {
                storeError = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        if (storeError != null) {
            throw storeError;
        }
        return first;
    }

    private synchronized void committed(int partition, Position position) {
        saved[partition] = position;
        effective[partition] = position;
    }

    /** Moves every partition to {@code position} in memory: the projection has seen the log that far. */
    synchronized void advanceTo(Position position) {
        for (int k = 0; k < layout; k++) {
            if (position.isAfter(effective[k])) {
                effective[k] = position;
            }
        }
    }

    /** The projection's checkpoint: the lowest partition's. */
    synchronized Position low() {
        return new Checkpoints(Arrays.asList(effective)).low();
    }

    /**
     * Saves the checkpoints that moved only in memory, and lays the partitions out anew when their
     * count changed and they all stand at the same position.
     */
    synchronized void persist() {
        boolean relayout = layout != desired && new Checkpoints(Arrays.asList(effective)).aligned();
        if (!relayout && Arrays.equals(saved, effective)) {
            return;
        }
        try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
            if (relayout) {
                tx.resetCheckpoints(Checkpoints.at(desired, effective[0]));
            } else {
                for (int k = 0; k < layout; k++) {
                    if (!saved[k].equals(effective[k])) {
                        tx.saveCheckpoint(k, effective[k]);
                    }
                }
            }
            tx.commit();
        }
        if (relayout) {
            Position at = effective[0];
            layout = desired;
            effective = new Position[desired];
            Arrays.fill(effective, at);
        }
        saved = effective.clone();
    }

    /** Saves the in-memory checkpoints in the transaction {@code tx} (a take-over), as {@link #persist} would. */
    synchronized void persistIn(CheckpointStore.Transaction<C> tx) {
        for (int k = 0; k < layout; k++) {
            if (!saved[k].equals(effective[k])) {
                tx.saveCheckpoint(k, effective[k]);
            }
        }
    }

    /** Call once {@code tx} from {@link #persistIn} committed. */
    synchronized void persisted() {
        saved = effective.clone();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
