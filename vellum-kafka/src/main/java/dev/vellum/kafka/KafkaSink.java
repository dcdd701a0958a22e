package dev.vellum.kafka;

import dev.vellum.integration.IntegrationMessage;
import dev.vellum.integration.IntegrationSink;
import dev.vellum.integration.PermanentDeliveryException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Delivers external events to one Apache Kafka topic: the key is the external event's key (so
 * events with one key land in one partition, in order), the value its JSON data, the timestamp when
 * its internal events were recorded, and the headers {@value #ID_HEADER} (the message id, the same on
 * every delivery, for consumers to deduplicate), {@value #TYPE_HEADER} and {@value #SOURCE_HEADER}
 * (the global position it was translated from).
 *
 * <p>The producer is idempotent with {@code acks=all}, so its own retries neither duplicate nor
 * reorder records within a partition. {@link #deliver} returns once every record is acknowledged;
 * when one is not, it throws and the publisher sends the append's messages again: at least once,
 * and a consumer may see a message twice, with the same id.
 *
 * <pre>{@code
 * try (KafkaSink sink = KafkaSink.builder("broker-1:9092,broker-2:9092", "car-events").build()) {
 *     ... IntegrationPublisher with this sink ...
 * }
 * }</pre>
 */
public final class KafkaSink implements IntegrationSink, AutoCloseable {

    /** The header with the message id. */
    public static final String ID_HEADER = "vellum-event-id";
    /** The header with the external event type. */
    public static final String TYPE_HEADER = "vellum-event-type";
    /** The header with the global position of the last internal event it was translated from. */
    public static final String SOURCE_HEADER = "vellum-source-position";

    private final Producer<String, String> producer;
    private final String topic;

    private KafkaSink(Producer<String, String> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Starts configuring a sink that writes to {@code topic} on the cluster at {@code bootstrapServers}. */
    public static Builder builder(String bootstrapServers, String topic) {
        return new Builder(bootstrapServers, topic);
    }

    /**
     * A sink that writes through a producer configured elsewhere. Configure it idempotent
     * ({@code enable.idempotence=true}, {@code acks=all}) or a retry may reorder records of one key.
     */
    public static KafkaSink using(Producer<String, String> producer, String topic) {
        return new KafkaSink(Objects.requireNonNull(producer, "producer"), checkTopic(topic));
    }

    @Override
    public void deliver(List<IntegrationMessage> messages) throws InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(messages.size());
        try {
            for (IntegrationMessage message : messages) {
                sent.add(producer.send(record(message)));
            }
            producer.flush();
            for (int i = 0; i < sent.size(); i++) {
                sent.get(i).get();
            }
        } catch (ExecutionException e) {
            throw failure(messages, e.getCause());
        } catch (KafkaException e) {
            throw failure(messages, e);
        }
    }

    private ProducerRecord<String, String> record(IntegrationMessage message) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ID_HEADER, message.id().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(TYPE_HEADER, message.type().getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_HEADER, Long.toString(message.source().value()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, message.occurredAt().toEpochMilli(), message.key(), message.data(), headers);
    }

    private RuntimeException failure(List<IntegrationMessage> messages, Throwable cause) {
        String what = messages.size() + " message(s) from position " + messages.getFirst().source() + " to topic '" + topic + "'";
        if (cause instanceof RetriableException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new KafkaDeliveryException("Kafka did not acknowledge " + what + " (" + cause
                    + "); the publisher will send them again.", cause);
        }
        return new PermanentDeliveryException("Kafka refused " + what + ": " + cause + ". Retrying cannot help: check"
                + " the topic, its ACLs and the record size, then start the publisher again.", cause);
    }

    /** Closes the producer, waiting up to 10 s for records in flight. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private static String checkTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("A Kafka sink needs a topic name.");
        }
        return topic;
    }

    /** Settings for a {@link KafkaSink}: the producer's properties, with safe defaults. */
    public static final class Builder {

        /** One delivery's bound unless {@link #deliveryTimeout} says otherwise. */
        private static final int DELIVERY_MILLIS = 30_000;

        private final String topic;
        private final Map<String, Object> properties = new HashMap<>();

        private Builder(String bootstrapServers, String topic) {
            this.topic = checkTopic(topic);
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("A Kafka sink needs bootstrap servers, e.g. 'broker-1:9092'.");
            }
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_MILLIS); // at least linger + request timeout
            // send() waits for the cluster's metadata up to max.block.ms (60 s in Kafka): the delivery's bound too
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, DELIVERY_MILLIS);
            properties.put(ProducerConfig.CLIENT_ID_CONFIG, "vellum-" + topic);
        }

        /**
         * How long one delivery may take, the producer's retries included, before it fails for now
         * ({@code delivery.timeout.ms} and {@code max.block.ms}); 30 s unless set.
         */
        public Builder deliveryTimeout(Duration timeout) {
            if (timeout.toMillis() < 1) {
                throw new IllegalArgumentException("deliveryTimeout must be at least 1 ms, got " + timeout);
            }
            int millis = Math.toIntExact(timeout.toMillis());
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
            properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
            properties.put(ProducerConfig.LINGER_MS_CONFIG, 0); // delivery.timeout.ms >= linger.ms + request.timeout.ms
            return this;
        }

        /** Any other producer property, e.g. security settings; serializers cannot be changed. */
        public Builder property(String name, Object value) {
            if (name.equals(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG) || name.equals(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG)) {
                throw new IllegalArgumentException("The Kafka sink writes keys and values as strings; '" + name
                        + "' cannot be changed.");
            }
            properties.put(name, value);
            return this;
        }

        /** Creates the producer and the sink. */
        public KafkaSink build() {
            return new KafkaSink(new KafkaProducer<>(producerProperties(), new StringSerializer(), new StringSerializer()),
                    topic);
        }

        /** The producer's properties as set so far. */
        Map<String, Object> producerProperties() {
            return Map.copyOf(properties);
        }
    }
}
