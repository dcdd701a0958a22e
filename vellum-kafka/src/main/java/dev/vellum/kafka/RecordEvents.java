package dev.vellum.kafka;

import dev.vellum.store.EventData;
import dev.vellum.store.StreamId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The appends one Kafka record becomes: its translated events with ids derived from the record, so a
 * redelivery sends exactly the appends of the first delivery again and the store's idempotent append
 * stores nothing twice. An id derives from the inbox's name, the record's message id (the
 * {@value KafkaSink#ID_HEADER} header, which {@link KafkaSink} sets and which stays the same when a producer
 * sends one message twice) or else its topic, partition and offset, and the event's index.
 */
final class RecordEvents {

    /** Consecutive events of one record for one stream: one atomic append. */
    public record Append(StreamId stream, List<EventData> events) {
    }

    private RecordEvents() {
    }

    /** The appends of {@code events}, translated from {@code record} by inbox {@code inbox}, in order. */
    public static List<Append> of(String inbox, ConsumerRecord<String, String> record, List<InboxEvent> events) {
        String source = source(record);
        String coordinates = coordinates(record.topic(), record.partition(), record.offset());
        List<Append> appends = new ArrayList<>();
        List<EventData> current = new ArrayList<>();
        StreamId stream = null;
        for (int i = 0; i < events.size(); i++) {
            InboxEvent event = events.get(i);
            if (stream != null && !stream.equals(event.stream())) {
                appends.add(new Append(stream, List.copyOf(current)));
                current.clear();
            }
            stream = event.stream();
            current.add(new EventData(id(inbox, source, i), event.type(), event.data(),
                    event.metadata().withHeader(KafkaInbox.SOURCE_HEADER, coordinates)));
        }
        if (stream != null) {
            appends.add(new Append(stream, List.copyOf(current)));
        }
        return appends;
    }

    /** {@code topic/partition/offset}. */
    public static String coordinates(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    private static String source(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(KafkaSink.ID_HEADER);
        if (header != null && header.value() != null && header.value().length > 0) {
            return "id\u0000" + new String(header.value(), StandardCharsets.UTF_8);
        }
        return "at\u0000" + coordinates(record.topic(), record.partition(), record.offset());
    }

    private static UUID id(String inbox, String source, int index) {
        return UUID.nameUUIDFromBytes(("vellum-inbox\u0000" + inbox + "\u0000" + source + "\u0000" + index)
                .getBytes(StandardCharsets.UTF_8));
    }
}
