package dev.vellum.kafka;

import dev.vellum.store.VellumException;

/** Kafka did not acknowledge messages in time, for reasons that may pass; the publisher sends them again. */
public final class KafkaDeliveryException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what was not acknowledged and why @param cause the producer's error */
    public KafkaDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
