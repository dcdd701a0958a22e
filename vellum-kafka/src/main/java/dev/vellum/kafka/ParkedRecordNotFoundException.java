package dev.vellum.kafka;

import dev.vellum.projection.ParkedEventNotFoundException;
import dev.vellum.store.Position;

/**
 * A retry or skip named a position where the inbox has no record parked (any more); nothing changed. It
 * is the worker model's {@link ParkedEventNotFoundException} for an inbox (over HTTP, a 404).
 */
public final class ParkedRecordNotFoundException extends ParkedEventNotFoundException {
    private static final long serialVersionUID = 1L;

    /** No record of inbox {@code inbox} is parked at {@code position}. */
    public ParkedRecordNotFoundException(String inbox, Position position) {
        super("Inbox '" + inbox + "' has no record parked at position " + position.value() + "; nothing changed. "
                + "It may have been retried or skipped already: KafkaInbox.parked() lists the records still parked"
                + " with their positions, and the stream $inbox-parked-<name> holds every park, retry and skip.");
    }
}
