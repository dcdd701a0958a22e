package dev.vellum.kafka;

/**
 * What a {@link KafkaInbox} does after parking a record it cannot store (its translator threw, or the
 * store refused the events it made). Either way the record is parked, never skipped silently.
 */
public enum PoisonPolicy {
    /**
     * Parks the record and goes on with the next ones of its partition. The partition keeps flowing;
     * a record retried later lands after the ones that went on.
     */
    PARK_AND_GO_ON,
    /**
     * Parks the record and stops its partition there (the other partitions go on): nothing after it
     * is taken in until an operator retries or skips it, so the streams it feeds keep the partition's
     * order exactly. Its offset is not committed past the record, so an instance that takes the
     * partition over stops at the same record.
     */
    STOP_PARTITION
}
