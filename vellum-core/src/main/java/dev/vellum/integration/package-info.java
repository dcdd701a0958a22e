/**
 * Integration events: what leaves the service. An {@link dev.vellum.integration.EventTranslator}
 * turns the internal events of one append into zero or more {@link dev.vellum.integration.ExternalEvent}s;
 * a publisher delivers them as {@link dev.vellum.integration.IntegrationMessage}s to an
 * {@link dev.vellum.integration.IntegrationSink}, at least once and in order per key. Sinks: in
 * memory, an HTTP webhook, Apache Kafka ({@code vellum-kafka}).
 */
package dev.vellum.integration;
