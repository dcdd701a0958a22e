package dev.vellum.decider;

import dev.vellum.store.StreamId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One queue per stream, so that the commands of one handler for one stream are decided one batch
 * after another instead of racing each other to the store. The first thread to queue a command
 * for an idle stream leads: it takes every command queued (its own first), has them decided and
 * appended as one batch, and then hands the lead to the thread of the next queued command, or
 * leaves the stream idle. Every other thread waits for its own command's outcome. The state a
 * batch ended in is handed to the next batch, so a busy stream is not read again between batches;
 * the next append's expected revision checks it against the store. When a stream goes idle, the
 * state its last batch ended in goes to the {@link StateCache}, and the next command for it starts
 * from there instead of reading the stream.
 *
 * @param <C> the commands
 * @param <S> the state
 * @param <E> the events
 */
final class StreamLanes<C, S, E> {

    /** The most commands one batch takes. */
    static final int MAX_BATCH = 128;

    private final Object lock = new Object();
    private final Map<StreamId, Lane<C, S, E>> lanes = new HashMap<>();
    private final CommandBatches<C, S, E> batches;
    private final StateCache<S> cache;
    private final ContentionCounters counters;

    /**
     * @param batches what decides and appends a batch
     * @param cache where idle streams' states are kept
     * @param counters where cache hits and misses are counted
     */
    public StreamLanes(CommandBatches<C, S, E> batches, StateCache<S> cache, ContentionCounters counters) {
        this.batches = batches;
        this.cache = cache;
        this.counters = counters;
    }

    /** Queues {@code command} for {@code stream} and returns its outcome once it has one. */
    public CommandResult<E> submit(StreamId stream, Queued<C, E> command) {
        Lane<C, S, E> lane;
        boolean lead;
        synchronized (lock) {
            lane = lanes.get(stream);
            if (lane == null) {
                lane = new Lane<>();
                lane.kept = cache.take(stream);
                if (cache.enabled()) {
                    counters.cacheLookup(lane.kept != null);
                }
                lanes.put(stream, lane);
            }
            lane.queue.add(command);
            lead = !lane.busy;
            lane.busy = true;
        }
        // a thread told to lead is at the head of the queue, so its batch holds its own command
        if (lead || command.awaitTurn()) {
            runBatch(stream, lane);
        }
        return command.outcome();
    }

    /** Decides the commands queued for {@code stream}, then passes the lead on. */
    private void runBatch(StreamId stream, Lane<C, S, E> lane) {
        List<Queued<C, E>> batch = new ArrayList<>();
        Loaded<S> kept;
        synchronized (lock) {
            while (!lane.queue.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(lane.queue.poll());
            }
            kept = lane.kept;
            lane.kept = null;
        }
        Loaded<S> after = null;
        try {
            after = batches.run(stream, batch, kept);
        } catch (RuntimeException | Error e) {
            for (Queued<C, E> command : batch) {
                if (!command.finished()) {
                    command.fail(e);
                }
            }
        } finally {
            synchronized (lock) {
                Queued<C, E> next = lane.queue.peek();
                if (next == null) {
                    lane.busy = false;
                    lanes.remove(stream);
                    if (after != null) {
                        cache.put(stream, after);
                    }
                } else {
                    lane.kept = after;
                    next.lead();
                }
            }
        }
    }

    /** The queue of one stream; guarded by the lanes' lock. */
    private static final class Lane<C, S, E> {
        final ArrayDeque<Queued<C, E>> queue = new ArrayDeque<>();
        boolean busy;
        Loaded<S> kept;
    }
}
