package dev.vellum.kafka;

/**
 * How far a {@link KafkaInbox} is behind on one partition it holds, as it last looked.
 *
 * @param topic the topic
 * @param partition the partition
 * @param committed the offset committed: every record before it is stored (or parked)
 * @param end the partition's end offset (the offset the next record produced will get)
 * @param stopped true when the partition stopped at a parked record ({@link PoisonPolicy#STOP_PARTITION})
 */
public record PartitionLag(String topic, int partition, long committed, long end, boolean stopped) {

    /** How many records lie between the committed offset and the end. */
    public long lag() {
        return Math.max(0, end - committed);
    }
}
