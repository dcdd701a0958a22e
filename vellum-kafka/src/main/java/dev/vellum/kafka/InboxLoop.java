package dev.vellum.kafka;

import dev.vellum.kafka.InboxRecordWork.Pending;
import dev.vellum.store.EventStore;
import dev.vellum.store.StoreClosedException;
import dev.vellum.time.Backoff;
import dev.vellum.worker.PartitionLag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer thread of an inbox. Each poll's records are translated in partition order and their
 * appends sent to the store one after another without waiting (so they share commits and keep their
 * order); once every one of them is durable, or parked durably, the offsets after them are committed.
 * Nothing is in flight while the consumer polls, so a rebalance (which happens inside a poll) finds
 * every record taken stored: the listener commits those, and the partitions revoked are forgotten.
 *
 * <p>An append the store refuses (invalid events, a deleted stream) parks the record; any other
 * failure seeks the partition back to the record and tries again after a backoff (the appends are
 * idempotent, so the ones that did get stored store nothing twice). Partitions just assigned take no
 * record before the parked records (of every instance) are read; while the store does not answer that
 * read, they stay paused and it is tried again after a backoff, the other partitions going on. A store
 * closed ends the loop.
 *
 * <p>What it does with one record is {@link InboxRecordWork}'s; the offsets it keeps per partition,
 * {@link InboxOffsets}'.
 */
final class InboxLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(InboxLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final String name;
    private final Consumer<String, String> consumer;
    private final List<String> topics;
    private final ParkedRecords parked;
    private final Backoff backoff;
    private final PartitionLags lags;
    private final InboxProgress progress = new InboxProgress();

    // the consumer thread's own
    private final InboxOffsets offsets;
    private final InboxRecordWork work;
    private boolean pauseApplied;
    private int failedAttempts;
    private final Set<TopicPartition> unread = new HashSet<>(); // assigned while the parked records could not be read

    // read by the status, from any thread
    private volatile boolean closing;
    private volatile boolean pauseRequested;
    private volatile boolean ended;

    /**
     * @param name the inbox's name, from which event ids derive
     * @param consumer a consumer with {@code enable.auto.commit=false}, used by this loop's thread only
     */
    public InboxLoop(String name, Consumer<String, String> consumer, List<String> topics, RecordTranslator translator,
            EventStore store, ParkedRecords parked, PoisonPolicy policy, Backoff backoff, boolean paused) {
        this.name = name;
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.parked = parked;
        this.backoff = backoff;
        this.pauseRequested = paused;
        this.lags = new PartitionLags(name);
        this.offsets = new InboxOffsets(name, consumer, progress, lags);
        this.work = new InboxRecordWork(name, translator, store, parked, policy, progress, offsets);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics, new Rebalance());
            while (!closing) {
                applyPause();
                readParkedForUnread();
                releaseResolved();
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    handle(records);
                }
                offsets.readLag(false);
            }
        } catch (WakeupException e) {
            if (!closing) {
                fail(e);
            }
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("Inbox '{}' could not close its Kafka consumer cleanly", name, e);
            }
            ended = true;
        }
    }

    private void fail(Throwable e) {
        progress.failed(e);
        LOG.error("Inbox '{}' stopped: {}", name, e.toString(), e);
    }

    private void handle(ConsumerRecords<String, String> records) {
        progress.batchStarted(System.currentTimeMillis());
        List<Pending> pending = new ArrayList<>(records.count());
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, String> record : records.records(partition)) {
                if (offsets.isStopped(partition)) {
                    break;
                }
                pending.add(work.start(partition, record));
            }
        }
        Map<TopicPartition, Long> next = new HashMap<>();
        Set<TopicPartition> again = new HashSet<>();
        Throwable retryable = null;
        int done = 0;
        for (Pending p : pending) {
            TopicPartition partition = p.partition();
            long offset = p.record().offset();
            Long stop = offsets.stoppedAt(partition);
            if (again.contains(partition) || (stop != null && offset > stop)) {
                continue;
            }
            Throwable error = InboxRecordWork.outcome(p.work());
            if (error != null && !p.parking() && InboxRecordWork.refused(error)) {
                error = InboxRecordWork.outcome(work.park(partition, p.record(), error));
            }
            if (error == null) {
                next.put(partition, offsets.isStopped(partition) ? offset : offset + 1);
                done++;
                continue;
            }
            if (error instanceof StoreClosedException closed) {
                throw closed;
            }
            again.add(partition);
            retryable = error;
            if (offsets.unstop(partition) && !pauseRequested) {
                consumer.resume(List.of(partition));
            }
            consumer.seek(partition, offset);
        }
        offsets.stored(next);
        progress.batchEnded(done, System.currentTimeMillis());
        if (retryable == null) {
            failedAttempts = 0;
            progress.retrying(null, null);
        } else {
            waitToRetry("store records", retryable);
        }
    }

    /** Waits the backoff after a failed attempt to do {@code what} (e.g. "store records"), showing it as retrying. */
    private void waitToRetry(String what, Throwable error) {
        failedAttempts++;
        Duration delay = backoff.jittered(failedAttempts);
        progress.retrying(error, Instant.now().plus(delay));
        LOG.warn("Inbox '{}' could not {} ({}); trying again in {} ms", name, what, error.toString(), delay.toMillis());
        long until = System.nanoTime() + delay.toNanos();
        while (!closing && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void applyPause() {
        boolean wanted = pauseRequested;
        if (wanted == pauseApplied) {
            return;
        }
        if (wanted) {
            consumer.pause(consumer.assignment());
        } else {
            consumer.resume(consumer.assignment().stream().filter(this::mayFlow).toList());
        }
        pauseApplied = wanted;
    }

    /** True when {@code partition} takes records unless the operator paused the inbox. */
    private boolean mayFlow(TopicPartition partition) {
        return !offsets.isStopped(partition) && !unread.contains(partition);
    }

    /**
     * Reads the parked records, of every instance, when partitions wait for them; they flow once read.
     * While the store does not answer, waits a backoff before the next try.
     */
    private void readParkedForUnread() {
        if (unread.isEmpty() || !readParked()) {
            return;
        }
        List<TopicPartition> waiting = List.copyOf(unread);
        unread.clear();
        failedAttempts = 0;
        progress.retrying(null, null);
        if (!pauseRequested) {
            consumer.resume(waiting.stream().filter(this::mayFlow).toList());
        }
    }

    /** Reads what was parked or resolved since the last read; false, after a backoff, when the store did not answer. */
    private boolean readParked() {
        try {
            parked.refresh();
            return true;
        } catch (StoreClosedException e) {
            throw e;
        } catch (RuntimeException e) {
            waitToRetry("read its parked records", e);
            return false;
        }
    }

    /** Partitions stopped at a parked record that has been retried or skipped (here or elsewhere) go on after it. */
    private void releaseResolved() {
        if (!offsets.anyStopped() || !readParked()) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> stop : offsets.stops().entrySet()) {
            TopicPartition partition = stop.getKey();
            long offset = stop.getValue();
            if (parked.isResolved(RecordEvents.coordinates(partition.topic(), partition.partition(), offset))) {
                offsets.unstop(partition);
                consumer.seek(partition, offset + 1);
                offsets.stored(Map.of(partition, offset + 1));
                if (!pauseRequested && mayFlow(partition)) {
                    consumer.resume(List.of(partition));
                }
            }
        }
    }

    /** Commits what is stored of the partitions leaving, and forgets them; nothing of theirs is in flight. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            offsets.commitStored(partitions);
            offsets.forget(partitions);
            unread.removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            offsets.forget(partitions);
            unread.removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            offsets.assigned(partitions);
            unread.addAll(partitions); // they flow once the loop has read the parked records, at its next turn
            consumer.pause(partitions);
        }
    }

    // ---- read from any thread ----

    /** Asks the loop to stop taking records (true) or to go on (false), at its next poll. */
    public void pause(boolean paused) {
        pauseRequested = paused;
    }

    /** Ends the loop: its batch finishes, the offsets of what it stored are committed, the consumer leaves the group. */
    public void close() {
        closing = true;
        consumer.wakeup();
    }

    /** True once the loop has ended (closed, or failed). */
    public boolean ended() {
        return ended;
    }

    /** What it tells its status. */
    public InboxProgress progress() {
        return progress;
    }

    /** The lag of each partition held, as last looked. */
    public List<PartitionLag> lags() {
        return lags.get();
    }

    /** When every partition held was last at its end. */
    public long caughtUpMillis() {
        return lags.caughtUpMillis();
    }
}
