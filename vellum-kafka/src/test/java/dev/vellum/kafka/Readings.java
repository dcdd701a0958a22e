package dev.vellum.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vellum.store.LogFilter;
import dev.vellum.store.LogReader;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The records of the inbox tests: device readings {@code {"device":"d-3","seq":7}} keyed by device,
 * stored as {@code Reading} events in stream {@code device-<device>}; a value that is not JSON is a
 * poison record for the translator.
 */
final class Readings {

    static final ObjectMapper JSON = new ObjectMapper();

    private Readings() {
    }

    /** Reads a reading; throws on a value that is not a JSON object with a device. */
    static final RecordTranslator TRANSLATOR = record -> {
        JsonNode value = JSON.readTree(record.value());
        if (value == null || !value.has("device")) {
            throw new IllegalArgumentException("not a reading: " + record.value());
        }
        return List.of(InboxEvent.of("device-" + value.get("device").asText(), "Reading", record.value()));
    };

    static String reading(String device, int seq) {
        return "{\"device\":\"" + device + "\",\"seq\":" + seq + "}";
    }

    static KafkaProducer<String, String> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 1,
                // the in-JVM broker's first answers can stall for tens of seconds on a loaded machine (seen
                // once in CI: a batch expired after 30 s while the broker went on serving the next tests), so
                // the producer waits as long as Kafka's default delivery timeout before a test fails on it
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
                new StringSerializer(), new StringSerializer());
    }

    /** Produces {@code perDevice} readings for each of {@code devices} devices, interleaved, and waits for them. */
    static int produce(String bootstrapServers, String topic, int devices, int perDevice) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(bootstrapServers)) {
            for (int seq = 0; seq < perDevice; seq++) {
                for (int d = 0; d < devices; d++) {
                    sent.add(producer.send(new ProducerRecord<>(topic, "d-" + d, reading("d-" + d, seq))));
                }
            }
            producer.flush();
        }
        for (Future<RecordMetadata> record : sent) {
            record.get(); // a record the broker did not take fails the test here, not later
        }
        return devices * perDevice;
    }

    /** Every {@code Reading} event of the log, in log order. */
    static List<RecordedEvent> stored(LogReader store) {
        List<RecordedEvent> all = new ArrayList<>();
        Position after = Position.START;
        for (List<RecordedEvent> page = store.readAll(after, LogFilter.categories("device"), 1_000); !page.isEmpty();
                page = store.readAll(after, LogFilter.categories("device"), 1_000)) {
            all.addAll(page);
            after = page.getLast().position();
        }
        return all;
    }

    /** The record each stored event came from ({@code topic/partition/offset}), how many times. */
    static Map<String, Long> sources(List<RecordedEvent> events) {
        return events.stream().collect(Collectors.groupingBy(e -> e.metadata().header(KafkaInbox.SOURCE_HEADER),
                Collectors.counting()));
    }

    /** The sequence numbers each device's stream holds, in stream order. */
    static Map<String, List<Integer>> sequences(List<RecordedEvent> events) {
        return events.stream().collect(Collectors.groupingBy(e -> e.stream().value(),
                Collectors.mapping(e -> seq(e.data()), Collectors.toList())));
    }

    private static int seq(String data) {
        try {
            return JSON.readTree(data).get("seq").asInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits up to {@code timeout} until {@code condition} holds; returns whether it did. */
    static boolean await(Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.get();
    }
}
