package dev.vellum.worker;

import java.util.Objects;

/**
 * How far a worker that reads a partitioned source (vellum-kafka's inbox, one per topic partition it
 * holds) is behind on one partition, as it last looked: part of its {@link WorkerStatus}.
 *
 * @param topic the topic
 * @param partition the partition
 * @param committed the offset committed: every record before it is stored (or parked)
 * @param end the partition's end offset (the offset the next record produced will get)
 * @param stopped true when the partition stopped at a parked record (the inbox's {@code STOP_PARTITION})
 */
public record PartitionLag(String topic, int partition, long committed, long end, boolean stopped) {

    /** Checks that the topic is there. */
    public PartitionLag {
        Objects.requireNonNull(topic, "topic");
    }

    /** How many records lie between the committed offset and the end. */
    public long lag() {
        return Math.max(0, end - committed);
    }
}
