package dev.vellum.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an event carries beside its data: the id of the conversation it belongs to (correlation),
 * the id of the message that caused it (causation), and free headers. Header names starting with
 * {@code $} are reserved for Vellum: {@code $schema} (the data's schema version), {@code $command}
 * (the command that recorded the event), {@code $effect} (the side effect an outcome records),
 * {@code $kafka} (the Kafka record an inbox stored it from, {@code topic/partition/offset}) and
 * {@code $append} (set by the store on the first event of an append of several: their number).
 *
 * @param correlationId the correlation id, or {@code null}
 * @param causationId the causation id, or {@code null}
 * @param headers free headers, never {@code null}, kept in insertion order
 */
public record Metadata(String correlationId, String causationId, Map<String, String> headers) {

    /** No correlation, no causation, no headers. */
    public static final Metadata EMPTY = new Metadata(null, null, Map.of());

    /** Copies the headers so the record stays immutable. */
    public Metadata {
        Objects.requireNonNull(headers, "headers");
        headers = headers.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** This metadata with another correlation id. */
    public Metadata withCorrelationId(String id) {
        return new Metadata(id, causationId, headers);
    }

    /** This metadata with another causation id. */
    public Metadata withCausationId(String id) {
        return new Metadata(correlationId, id, headers);
    }

    /** This metadata with one header added or replaced. */
    public Metadata withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new Metadata(correlationId, causationId, copy);
    }

    /** A header's value, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    /** True when there is nothing in it. */
    public boolean isEmpty() {
        return correlationId == null && causationId == null && headers.isEmpty();
    }
}
