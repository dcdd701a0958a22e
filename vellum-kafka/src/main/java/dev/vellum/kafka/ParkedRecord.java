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
 * @param error why it could not be stored, the last time it was tried: the error's class and message
 * @param attempts how many times it was tried: 1 when parked (the translator is tried once on a record
 *     before it is parked; a store fault is ridden out with backoff, not counted), and 1 more for each
 *     operator's retry that failed again
 * @param parkedAt when it was parked, or last retried
 */
public record ParkedRecord(Position position, String topic, int partition, long offset, String key, String value,
        Map<String, String> headers, long timestamp, String error, int attempts, Instant parkedAt)
        implements ParkedWork {

    /** Checks that nothing is missing and that it was tried, and copies the headers. */
    public ParkedRecord {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(parkedAt, "parkedAt");
        if (attempts < 1) {
            throw new IllegalArgumentException("A parked record was tried at least once, got " + attempts + " attempts");
        }
        headers = Map.copyOf(headers);
    }

    /** A record just parked: tried once. */
    public ParkedRecord(Position position, String topic, int partition, long offset, String key, String value,
            Map<String, String> headers, long timestamp, String error, Instant parkedAt) {
        this(position, topic, partition, offset, key, value, headers, timestamp, error, 1, parkedAt);
    }

    /** This record after one more attempt, at {@code at}, that failed with {@code lastError}. */
    ParkedRecord failedAgain(String lastError, Instant at) {
        return new ParkedRecord(position, topic, partition, offset, key, value, headers, timestamp, lastError,
                attempts + 1, at);
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
}
