package dev.vellum.kafka;

import dev.vellum.store.Metadata;
import dev.vellum.store.StreamId;
import java.util.Objects;

/**
 * One event a {@link RecordTranslator} makes of a Kafka record: the stream it is appended to, its
 * type and data, and its metadata. It has no id: the inbox derives it from the record, so a
 * redelivered record stores nothing twice.
 *
 * @param stream the stream to append to, e.g. {@code device-42}
 * @param type the event type name, e.g. {@code ErrorOccurred}
 * @param data the data, one JSON value
 * @param metadata correlation, causation and headers; the inbox adds the header {@value KafkaInbox#SOURCE_HEADER}
 */
public record InboxEvent(StreamId stream, String type, String data, Metadata metadata) {

    /** Checks that nothing is missing. */
    public InboxEvent {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(metadata, "metadata");
    }

    /**
     * An event without metadata for stream {@code stream}.
     *
     * @throws dev.vellum.store.InvalidStreamIdException when {@code stream} is not a valid stream name
     */
    public static InboxEvent of(String stream, String type, String data) {
        return new InboxEvent(StreamId.of(stream), type, data, Metadata.EMPTY);
    }
}
