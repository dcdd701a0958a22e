package dev.vellum.kafka;

import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.IdempotencyConflictException;
import dev.vellum.store.InvalidEventException;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.time.Backoff;
import dev.vellum.worker.PartitionLag;
import dev.vellum.worker.WorkerError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
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
 * idempotent, so the ones that did get stored store nothing twice). A store closed ends the loop.
 */
final class InboxLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(InboxLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);

    /** One record's work in a batch: its appends (or its park) as one future. */
    private record Pending(TopicPartition partition, ConsumerRecord<String, String> record, CompletableFuture<?> work,
            boolean parking) {
    }

    private final String name;
    private final Consumer<String, String> consumer;
    private final List<String> topics;
    private final RecordTranslator translator;
    private final EventStore store;
    private final ParkedRecords parked;
    private final PoisonPolicy policy;
    private final Backoff backoff;
    private final PartitionLags lags;
    private final InboxProgress progress = new InboxProgress();

    // the consumer thread's own
    private final Map<TopicPartition, Long> durable = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Map<TopicPartition, Long> stoppedAt = new HashMap<>();
    private boolean pauseApplied;
    private int failedAttempts;

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
        this.translator = translator;
        this.store = store;
        this.parked = parked;
        this.policy = policy;
        this.backoff = backoff;
        this.pauseRequested = paused;
        this.lags = new PartitionLags(name);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics, new Rebalance());
            while (!closing) {
                applyPause();
                releaseResolved();
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    handle(records);
                }
                readLag(false);
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
                if (stoppedAt.containsKey(partition)) {
                    break;
                }
                pending.add(start(partition, record));
            }
        }
        Map<TopicPartition, Long> next = new HashMap<>();
        Set<TopicPartition> again = new HashSet<>();
        Throwable retryable = null;
        int done = 0;
        for (Pending p : pending) {
            TopicPartition partition = p.partition();
            long offset = p.record().offset();
            Long stop = stoppedAt.get(partition);
            if (again.contains(partition) || (stop != null && offset > stop)) {
                continue;
            }
            Throwable error = outcome(p.work());
            if (error != null && !p.parking() && refused(error)) {
                error = outcome(park(partition, p.record(), error));
            }
            if (error == null) {
                next.put(partition, stoppedAt.containsKey(partition) ? offset : offset + 1);
                done++;
                continue;
            }
            if (error instanceof StoreClosedException closed) {
                throw closed;
            }
            again.add(partition);
            retryable = error;
            if (stoppedAt.remove(partition) != null && !pauseRequested) {
                consumer.resume(List.of(partition));
            }
            consumer.seek(partition, offset);
        }
        durable.putAll(next);
        commit(next);
        progress.batchEnded(done, System.currentTimeMillis());
        if (retryable == null) {
            failedAttempts = 0;
            progress.retrying(null, null);
        } else {
            waitToRetry(retryable);
        }
    }

    private Pending start(TopicPartition partition, ConsumerRecord<String, String> record) {
        if (parked.isResolved(RecordEvents.coordinates(record.topic(), record.partition(), record.offset()))) {
            return new Pending(partition, record, CompletableFuture.completedFuture(null), false);
        }
        List<RecordEvents.Append> appends;
        try {
            List<InboxEvent> events = translator.translate(record);
            if (events == null) {
                throw new IllegalStateException("The translator returned null; it returns an empty list for a record"
                        + " to ignore.");
            }
            appends = RecordEvents.of(name, record, events);
        } catch (Exception | LinkageError e) {
            return new Pending(partition, record, park(partition, record, e), true);
        }
        CompletableFuture<?>[] work = new CompletableFuture<?>[appends.size()];
        for (int i = 0; i < work.length; i++) {
            RecordEvents.Append append = appends.get(i);
            work[i] = store.appendAsync(append.stream(), ExpectedRevision.any(), append.events());
        }
        return new Pending(partition, record, CompletableFuture.allOf(work), false);
    }

    private CompletableFuture<?> park(TopicPartition partition, ConsumerRecord<String, String> record, Throwable error) {
        String at = RecordEvents.coordinates(record.topic(), record.partition(), record.offset());
        WorkerError cause = WorkerError.of(error, null, Instant.now());
        progress.error(new WorkerError(cause.type(), "record " + at + " parked: " + cause.message(), null, cause.at()));
        LOG.warn("Inbox '{}' parks record {}: {}", name, at, error.toString());
        if (policy == PoisonPolicy.STOP_PARTITION) {
            stoppedAt.put(partition, record.offset());
            consumer.pause(List.of(partition));
        }
        return parked.park(record, error);
    }

    /** True when the store refused the events for good: retrying the same append cannot help. */
    private static boolean refused(Throwable error) {
        return error instanceof InvalidEventException || error instanceof IdempotencyConflictException
                || error instanceof StreamDeletedException;
    }

    private static Throwable outcome(CompletableFuture<?> work) {
        try {
            work.get();
            return null;
        } catch (ExecutionException | CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private void waitToRetry(Throwable error) {
        failedAttempts++;
        Duration delay = backoff.jittered(failedAttempts);
        progress.retrying(error, Instant.now().plus(delay));
        LOG.warn("Inbox '{}' could not store records ({}); trying again in {} ms", name, error.toString(), delay.toMillis());
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

    private void commit(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset > committed.getOrDefault(partition, -1L)) {
                moved.put(partition, new OffsetAndMetadata(offset));
            }
        });
        if (moved.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(moved);
            moved.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // the records are stored: whoever gets the partitions next receives them again and stores nothing twice
            progress.error(WorkerError.of(e, null, Instant.now()));
            LOG.warn("Inbox '{}' could not commit offsets {}; they will be delivered again", name, moved, e);
        }
        publishLags();
    }

    private void applyPause() {
        boolean wanted = pauseRequested;
        if (wanted == pauseApplied) {
            return;
        }
        if (wanted) {
            consumer.pause(consumer.assignment());
        } else {
            List<TopicPartition> flowing = consumer.assignment().stream().filter(p -> !stoppedAt.containsKey(p)).toList();
            consumer.resume(flowing);
        }
        pauseApplied = wanted;
    }

    /** Partitions stopped at a parked record that has been retried or skipped (here or elsewhere) go on after it. */
    private void releaseResolved() {
        if (stoppedAt.isEmpty()) {
            return;
        }
        parked.refresh();
        for (Map.Entry<TopicPartition, Long> stop : List.copyOf(stoppedAt.entrySet())) {
            TopicPartition partition = stop.getKey();
            long offset = stop.getValue();
            if (parked.isResolved(RecordEvents.coordinates(partition.topic(), partition.partition(), offset))) {
                stoppedAt.remove(partition);
                consumer.seek(partition, offset + 1);
                durable.put(partition, offset + 1);
                commit(Map.of(partition, offset + 1));
                if (!pauseRequested) {
                    consumer.resume(List.of(partition));
                }
            }
        }
    }

    private void readLag(boolean now) {
        lags.read(consumer, committed, stoppedAt.keySet(), now);
    }

    private void publishLags() {
        lags.publish(consumer.assignment(), committed, stoppedAt.keySet());
    }

    /** Commits what is stored of the partitions leaving, and forgets them; nothing of theirs is in flight. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> leaving = new HashMap<>();
            for (TopicPartition partition : partitions) {
                Long offset = durable.get(partition);
                if (offset != null) {
                    leaving.put(partition, offset);
                }
            }
            commit(leaving);
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            parked.refresh();
            if (pauseApplied) {
                consumer.pause(partitions);
            }
            try {
                consumer.committed(Set.copyOf(partitions), Duration.ofSeconds(5)).forEach((partition, offset) -> {
                    if (offset != null) {
                        committed.put(partition, offset.offset());
                    }
                });
            } catch (KafkaException e) {
                LOG.debug("Inbox '{}' could not read the committed offsets", name, e);
            }
            readLag(true);
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                durable.remove(partition);
                committed.remove(partition);
                stoppedAt.remove(partition);
            }
            publishLags();
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
