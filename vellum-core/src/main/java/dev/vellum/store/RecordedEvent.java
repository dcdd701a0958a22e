package dev.vellum.store;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as stored: what was appended plus where and when.
 *
 * @param stream the stream it belongs to
 * @param revision its 0-based index in the stream
 * @param position its place in the global log
 * @param id its unique id
 * @param type its type name
 * @param data its data, one JSON value
 * @param metadata correlation, causation and headers
 * @param recordedAt when the store committed it (millisecond precision)
 */
public record RecordedEvent(
        StreamId stream,
        long revision,
        Position position,
        UUID id,
        String type,
        String data,
        Metadata metadata,
        Instant recordedAt) {
}
