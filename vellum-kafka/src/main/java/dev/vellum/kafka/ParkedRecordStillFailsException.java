package dev.vellum.kafka;

import dev.vellum.worker.ParkedStillFailsException;

/**
 * A parked record was retried and still cannot be stored; it stays parked, and nothing changed. It is
 * the worker model's {@link ParkedStillFailsException} for an inbox (over HTTP, a 409).
 */
public final class ParkedRecordStillFailsException extends ParkedStillFailsException {
    private static final long serialVersionUID = 1L;

    /** The record at {@code coordinates} ({@code topic/partition/offset}) failed again with {@code cause}. */
    public ParkedRecordStillFailsException(String inbox, String coordinates, Throwable cause) {
        super("Inbox '" + inbox + "' retried the parked record " + coordinates + " and it still fails: " + cause
                + ". It stays parked: fix the translator (or the data) and retry, or skip it.", cause);
    }
}
