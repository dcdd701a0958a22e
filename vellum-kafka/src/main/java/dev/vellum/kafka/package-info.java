/**
 * Apache Kafka both ways: {@link dev.vellum.kafka.KafkaSink} publishes integration events to a topic,
 * and {@link dev.vellum.kafka.KafkaInbox} takes records in from topics, storing each once.
 */
package dev.vellum.kafka;
