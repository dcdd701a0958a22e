package dev.vellum.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.integration.EventTranslator;
import dev.vellum.integration.ExternalEvent;
import dev.vellum.integration.IntegrationPublisher;
import dev.vellum.integration.IntegrationMessage;
import dev.vellum.integration.PermanentDeliveryException;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kafka sink against a real broker: one KRaft node started in this JVM from Kafka's own test kit. */
class KafkaSinkTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    private static IntegrationMessage message(String key, int n, long source) {
        return new IntegrationMessage(UUID.randomUUID(),
                new ExternalEvent("car.maintenance-done", key, "{\"car\":\"" + key + "\",\"n\":" + n + "}"),
                Position.of(source), Instant.parse("2026-03-01T10:00:00Z").plusSeconds(source));
    }

    @Test
    void itWritesKeysDataTimestampsAndHeadersAndKeepsTheOrderOfEachKey() throws Exception {
        String topic = broker.createTopic("cars-ordered", 3);
        List<IntegrationMessage> sent = new ArrayList<>();
        try (KafkaSink sink = KafkaSink.builder(broker.bootstrapServers(), topic).build()) {
            for (int append = 0; append < 20; append++) {
                List<IntegrationMessage> batch = new ArrayList<>();
                for (int car = 0; car < 5; car++) {
                    batch.add(message("car-" + car, append, append * 5L + car + 1));
                }
                sink.deliver(batch);
                sent.addAll(batch);
            }
        }

        List<ConsumerRecord<String, String>> records = broker.readAll(topic, sent.size());
        assertThat(records).hasSize(100);
        Map<String, List<String>> byKey = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
        for (int car = 0; car < 5; car++) {
            String key = "car-" + car;
            List<String> expected = sent.stream().filter(m -> m.key().equals(key)).map(IntegrationMessage::data).toList();
            assertThat(byKey.get(key)).as("the order of key %s", key).isEqualTo(expected);
        }
        ConsumerRecord<String, String> first = records.stream().filter(r -> r.value().equals(sent.getFirst().data()))
                .findFirst().orElseThrow();
        assertThat(header(first, KafkaSink.ID_HEADER)).isEqualTo(sent.getFirst().id().toString());
        assertThat(header(first, KafkaSink.TYPE_HEADER)).isEqualTo("car.maintenance-done");
        assertThat(header(first, KafkaSink.SOURCE_HEADER)).isEqualTo("1");
        assertThat(first.timestamp()).isEqualTo(sent.getFirst().occurredAt().toEpochMilli());
    }

    @Test
    void aRedeliveryCarriesTheSameIdsSoConsumersCanDropTheRepeat() throws Exception {
        String topic = broker.createTopic("cars-repeated", 1);
        List<IntegrationMessage> append = List.of(message("car-9", 1, 7), message("car-9", 2, 8));
        try (KafkaSink sink = KafkaSink.builder(broker.bootstrapServers(), topic).build()) {
            sink.deliver(append);
            sink.deliver(append); // the publisher sending again after it crashed before saving its checkpoint
        }

        List<ConsumerRecord<String, String>> records = broker.readAll(topic, 4);
        assertThat(records).extracting(r -> header(r, KafkaSink.ID_HEADER)).containsExactly(
                append.get(0).id().toString(), append.get(1).id().toString(),
                append.get(0).id().toString(), append.get(1).id().toString());
        assertThat(records.stream().map(r -> header(r, KafkaSink.ID_HEADER)).distinct()).hasSize(2);
    }

    @Test
    void thePublisherDeliversTheLogToKafkaInOrderPerKey() throws Exception {
        String topic = broker.createTopic("orders-published", 2);
        try (InMemoryEventStore store = new InMemoryEventStore();
             KafkaSink sink = KafkaSink.builder(broker.bootstrapServers(), topic).build()) {
            for (int i = 0; i < 30; i++) {
                store.append(StreamId.of("order", i % 3), ExpectedRevision.any(),
                        EventData.of("OrderNoted", "{\"n\":" + i + "}"));
            }
            EventTranslator oneToOne = append -> append.stream()
                    .map(e -> new ExternalEvent("order.noted", e.stream().value(), e.data())).toList();
            try (IntegrationPublisher publisher = IntegrationPublisher.builder("orders-to-kafka", oneToOne, sink)
                    .start(store, new InMemoryCheckpointStore())) {
                assertThat(publisher.awaitCheckpoint(store.head(), Duration.ofSeconds(30))).isTrue();
            }
        }

        List<ConsumerRecord<String, String>> records = broker.readAll(topic, 30);
        assertThat(records).hasSize(30);
        for (int stream = 0; stream < 3; stream++) {
            String key = "order-" + stream;
            List<Integer> numbers = records.stream().filter(r -> r.key().equals(key))
                    .map(r -> Integer.parseInt(r.value().replaceAll("\\D", ""))).toList();
            assertThat(numbers).as("the order of %s", key).hasSize(10).isSorted();
        }
    }

    @Test
    void anUnreachableClusterFailsTheDeliveryForNow() {
        try (KafkaSink sink = KafkaSink.builder("127.0.0.1:" + KafkaBroker.unusedPort(), "cars")
                .deliveryTimeout(Duration.ofSeconds(2)).build()) {
            assertThatThrownBy(() -> sink.deliver(List.of(message("car-1", 1, 1))))
                    .isInstanceOf(KafkaDeliveryException.class).hasMessageContaining("send them again");
        }
    }

    /**
     * Unless told otherwise a delivery fails for now within its documented 30 s, so that the publisher
     * shows RETRYING and tries again, not blocked in the producer's send for the client's own 60 s.
     */
    @Test
    void withTheDefaultsAnUnreachableClusterFailsTheDeliveryWithinItsThirtySeconds() {
        try (KafkaSink sink = KafkaSink.builder("127.0.0.1:" + KafkaBroker.unusedPort(), "cars").build()) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> sink.deliver(List.of(message("car-1", 1, 1))))
                    .isInstanceOf(KafkaDeliveryException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("30 s, not the client's 60 s")
                    .isLessThan(Duration.ofSeconds(50));
        }
    }

    @Test
    void aRecordTheBrokerRefusesIsAPermanentFailure() {
        String topic = broker.createTopic("cars-small", 1, Map.of("max.message.bytes", "1024"));
        String big = "{\"blob\":\"" + "x".repeat(4_000) + "\"}";
        IntegrationMessage tooLarge = new IntegrationMessage(UUID.randomUUID(), new ExternalEvent("car.blob", "car-1", big),
                Position.of(1), Instant.now());
        try (KafkaSink sink = KafkaSink.builder(broker.bootstrapServers(), topic).build()) {
            assertThatThrownBy(() -> sink.deliver(List.of(tooLarge)))
                    .isInstanceOf(PermanentDeliveryException.class).hasMessageContaining("Retrying cannot help");
        }
    }

    @Test
    void settingsThatWouldBreakTheSinkAreRefused() {
        assertThatThrownBy(() -> KafkaSink.builder("", "cars")).hasMessageContaining("bootstrap servers");
        assertThatThrownBy(() -> KafkaSink.builder("localhost:9092", " ")).hasMessageContaining("topic");
        assertThatThrownBy(() -> KafkaSink.builder("localhost:9092", "cars").property("value.serializer", "x"))
                .hasMessageContaining("cannot be changed");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
