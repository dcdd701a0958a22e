package dev.vellum.bench.kafka;

import dev.vellum.bench.raw.RecordWriter;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The inbox's raw baseline: a plain kafka-clients consumer loop, auto commit off, that writes each
 * poll's records to a table of Vellum's shape through a {@link RecordWriter} (one {@code executeBatch}
 * and one {@code COMMIT} per poll), then commits the offsets; one operation reads the whole
 * {@link BenchBroker} topic in a new consumer group. No revision check, no idempotency, no JSON
 * validation: what the inbox adds over it.
 *
 * @param name the row's name for it
 * @param records the records of the topic
 * @param writers opens what the loop writes into
 */
public record RawKafkaIntake(String name, int records, RecordWriter.Opener writers) implements Workload {

    @Override
    public boolean reportsLatency() {
        return false;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        BenchBroker broker = BenchBroker.get(records);
        RecordWriter writer = writers.open(directory);
        AtomicInteger intakes = new AtomicInteger();
        return Fixture.of(1, thread -> () -> {
            int run = intakes.incrementAndGet();
            Map<String, Long> revisions = new HashMap<>();
            Map<String, Object> properties = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "raw-" + directory.getFileName() + "-" + run,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            int taken = 0;
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(broker.topic()));
                while (taken < broker.records()) {
                    ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(100));
                    if (polled.isEmpty()) {
                        continue;
                    }
                    for (ConsumerRecord<String, String> record : polled) {
                        String stream = record.key() + "-" + run; // the runs share the table: new streams each time
                        writer.add(stream, revisions.merge(stream, 0L, (before, zero) -> before + 1), record.value(),
                                record.timestamp());
                    }
                    writer.commit();
                    consumer.commitSync();
                    taken += polled.count();
                }
            }
            return taken;
        }, writer::close);
    }
}
