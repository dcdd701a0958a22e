package dev.vellum.kafka;

import dev.vellum.worker.WorkerError;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets an {@link InboxLoop} keeps for each partition it holds: the offset after what is
 * stored durably, the offset committed to Kafka, and the offset of the parked record a partition
 * stopped at ({@link PoisonPolicy#STOP_PARTITION}); it commits them and publishes the lag of each
 * partition from them. Used by the consumer thread only (the lags it publishes are read by anyone).
 */
final class InboxOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(InboxLoop.class);

    private final String name;
    private final Consumer<String, String> consumer;
    private final InboxProgress progress;
    private final PartitionLags lags;
    private final Map<TopicPartition, Long> durable = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Map<TopicPartition, Long> stoppedAt = new HashMap<>();

    InboxOffsets(String name, Consumer<String, String> consumer, InboxProgress progress, PartitionLags lags) {
        this.name = name;
        this.consumer = consumer;
        this.progress = progress;
        this.lags = lags;
    }

    /** The offset of the parked record {@code partition} stopped at, or {@code null} when it flows. */
    Long stoppedAt(TopicPartition partition) {
        return stoppedAt.get(partition);
    }

    boolean isStopped(TopicPartition partition) {
        return stoppedAt.containsKey(partition);
    }

    boolean anyStopped() {
        return !stoppedAt.isEmpty();
    }

    /** The partitions stopped, each with the offset of its parked record. */
    Map<TopicPartition, Long> stops() {
        return Map.copyOf(stoppedAt);
    }

    /** Stops {@code partition} at the record parked at {@code offset}: the consumer takes nothing more of it. */
    void stop(TopicPartition partition, long offset) {
        stoppedAt.put(partition, offset);
        consumer.pause(List.of(partition));
    }

    /** Lets {@code partition} flow again; true when it was stopped. */
    boolean unstop(TopicPartition partition) {
        return stoppedAt.remove(partition) != null;
    }

    /** Records that the records of each partition before its offset in {@code next} are stored, and commits them. */
    void stored(Map<TopicPartition, Long> next) {
        durable.putAll(next);
        commit(next);
    }

    /**
     * Commits the offsets that moved past those committed. A commit that fails is told to the status
     * and logged: the records are stored, so whoever gets the partitions next receives them again and
     * stores nothing twice.
     */
    void commit(Map<TopicPartition, Long> offsets) {
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
            progress.error(WorkerError.of(e, null, Instant.now()));
            LOG.warn("Inbox '{}' could not commit offsets {}; they will be delivered again", name, moved, e);
        }
        publishLags();
    }

    /** Commits what is stored of {@code partitions}, which are leaving. */
    void commitStored(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> leaving = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long offset = durable.get(partition);
            if (offset != null) {
                leaving.put(partition, offset);
            }
        }
        commit(leaving);
    }

    /** Reads the committed offsets of {@code partitions}, just assigned, and their lag at once. */
    void assigned(Collection<TopicPartition> partitions) {
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

    /** Forgets {@code partitions}, which this inbox no longer holds. */
    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            durable.remove(partition);
            committed.remove(partition);
            stoppedAt.remove(partition);
        }
        publishLags();
    }

    /** Reads the end offsets for the lags, {@code now} or when it is time to. */
    void readLag(boolean now) {
        lags.read(consumer, committed, stoppedAt.keySet(), now);
    }

    private void publishLags() {
        lags.publish(consumer.assignment(), committed, stoppedAt.keySet());
    }
}
