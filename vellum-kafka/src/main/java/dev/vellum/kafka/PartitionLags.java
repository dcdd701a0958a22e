package dev.vellum.kafka;

import dev.vellum.worker.PartitionLag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lag of each partition an inbox holds, for its status: the end offsets read by the consumer
 * thread at most every {@value #READ_EVERY_MILLIS} ms, against the offsets it committed, published as
 * an immutable list that any thread reads without waiting.
 */
final class PartitionLags {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionLags.class);
    private static final long READ_EVERY_MILLIS = 500;

    private final String name;
    private Map<TopicPartition, Long> ends = Map.of();
    private long readMillis;
    private volatile List<PartitionLag> lags = List.of();
    private volatile long caughtUpMillis = System.currentTimeMillis();

    PartitionLags(String name) {
        this.name = name;
    }

    /** Reads the end offsets again if the last read is old (or {@code now}), then publishes; consumer thread only. */
    void read(Consumer<?, ?> consumer, Map<TopicPartition, Long> committed, Set<TopicPartition> stopped, boolean now) {
        long millis = System.currentTimeMillis();
        if (!now && millis - readMillis < READ_EVERY_MILLIS) {
            return;
        }
        readMillis = millis;
        try {
            ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(2));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.debug("Inbox '{}' could not read the end offsets", name, e);
        }
        publish(consumer.assignment(), committed, stopped);
    }

    /** Publishes the lags of {@code assignment} from the end offsets last read; consumer thread only. */
    void publish(Set<TopicPartition> assignment, Map<TopicPartition, Long> committed, Set<TopicPartition> stopped) {
        List<PartitionLag> now = new ArrayList<>();
        for (TopicPartition partition : assignment) {
            long at = committed.getOrDefault(partition, 0L);
            now.add(new PartitionLag(partition.topic(), partition.partition(), at,
                    Math.max(at, ends.getOrDefault(partition, at)), stopped.contains(partition)));
        }
        now.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        lags = List.copyOf(now);
        if (now.stream().allMatch(lag -> lag.lag() == 0)) {
            caughtUpMillis = System.currentTimeMillis();
        }
    }

    /** The lags as last published; from any thread. */
    List<PartitionLag> get() {
        return lags;
    }

    /** When every partition held was last at its end; from any thread. */
    long caughtUpMillis() {
        return caughtUpMillis;
    }
}
