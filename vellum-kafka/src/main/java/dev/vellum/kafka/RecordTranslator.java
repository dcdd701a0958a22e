package dev.vellum.kafka;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the application writes for a {@link KafkaInbox}: turns one Kafka record into the events to
 * store, each with the stream it goes to (chosen from the record: its key, a field of its value), or
 * into nothing for a record the application ignores.
 *
 * <p>It must be deterministic: a record delivered again (after a crash or a rebalance) must give the
 * same events in the same order, since their ids derive from the record and their index in this list.
 * A translator that throws (unreadable JSON, a missing field) makes the inbox park the record.
 */
@FunctionalInterface
public interface RecordTranslator {

    /**
     * The events {@code record} stands for, in order; an empty list for a record to ignore.
     *
     * @throws Exception when the record cannot be read: it is parked, with this error
     */
    List<InboxEvent> translate(ConsumerRecord<String, String> record) throws Exception;
}
