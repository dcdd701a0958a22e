/** Publishes integration events to Apache Kafka: {@link dev.vellum.kafka.KafkaSink}. */
package dev.vellum.kafka;
