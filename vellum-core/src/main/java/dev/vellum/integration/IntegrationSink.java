package dev.vellum.integration;

import java.util.List;

/**
 * Where external events go: a message broker, a webhook, a list in a test. The publisher hands it
 * the messages of one append at a time, in log order; the sink delivers them in that order and
 * returns only when all are delivered, or throws. After a throw the publisher sends the same
 * messages again (with the same ids): delivery is at least once.
 *
 * <p>Implementations: {@link dev.vellum.integration.memory.InMemorySink},
 * {@link dev.vellum.integration.webhook.WebhookSink}, {@code KafkaSink} in {@code vellum-kafka}.
 */
@FunctionalInterface
public interface IntegrationSink {

    /**
     * Delivers {@code messages}, in order.
     *
     * @throws PermanentDeliveryException when retrying cannot help (the receiver refuses the
     *     messages); the publisher stops instead of retrying
     * @throws Exception when delivery failed for now; the publisher retries
     */
    void deliver(List<IntegrationMessage> messages) throws Exception;
}
