package dev.vellum.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/**
 * The producer settings a {@link KafkaSink.Builder} makes, without a broker: one delivery is bounded
 * by the delivery timeout, 30 s unless set, including the wait for a cluster's metadata.
 */
class KafkaSinkSettingsTest {

    @Test
    void aDeliveryWaitsForTheClustersMetadataNoLongerThanTheDefaultDeliveryTimeout() {
        assertThat(KafkaSink.builder("broker-1:9092", "car-events").producerProperties())
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Test
    void aDeliveryTimeoutSetBoundsTheWholeDelivery() {
        assertThat(KafkaSink.builder("broker-1:9092", "car-events").deliveryTimeout(Duration.ofSeconds(5))
                .producerProperties())
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    }
}
