package dev.vellum.kafka;

import dev.vellum.store.Position;
import dev.vellum.worker.ParkedWork;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Kafka record a {@link KafkaInbox} could not store, kept in the event store with its error until
 * an operator retries it (after a fix) or skips it. It is the worker model's {@link ParkedWork} of an
 * inbox: {@link KafkaInbox#parked()} lists them.
 *
 * @param position where it was parked in the global log: the target of retry and skip
 * @param topic the record's topic
 * @param partition its partition
 * @param offset its offset
 * @param key its key, or {@code null}
 * @param value its value, or {@code null}
 * @param headers its headers, as UTF-8 text
 * @param timestamp its timestamp, in milliseconds since the epoch
 * @param error why it could not be stored: the error's class and message
 * @param parkedAt when it was parked
 */
public record ParkedRecord(Position position, String topic, int partition, long offset, String key, String value,
        Map<String, String> headers, long timestamp, String error, Instant parkedAt) implements ParkedWork {

    /** Checks that nothing is missing and copies the headers. */
    public ParkedRecord {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(parkedAt, "parkedAt");
        headers = Map.copyOf(headers);
    }

    /** {@code topic/partition/offset}, as messages show it. */
    public String coordinates() {
        return topic + "/" + partition + "/" + offset;
    }

    /** {@code topic/partition/offset · key}, or {@code · no key}. */
    @Override
    public String description() {
        return coordinates() + (key == null ? " · no key" : " · key " + key);
    }

    /** Its {@code topic}, {@code partition}, {@code offset}, {@code key}, {@code value}, {@code headers} and {@code timestamp}. */
    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topic", topic);
        details.put("partition", partition);
        details.put("offset", offset);
        details.put("key", key);
        details.put("value", value);
        details.put("headers", headers);
        details.put("timestamp", timestamp);
        return Collections.unmodifiableMap(details);
    }

    /**
     * Always 1: the translator is tried once on a record before it is parked (a store fault is ridden
     * out with backoff, not counted), and a retry that fails again changes nothing, so the count stays.
     */
    @Override
    public int attempts() {
        return 1;
    }
}
