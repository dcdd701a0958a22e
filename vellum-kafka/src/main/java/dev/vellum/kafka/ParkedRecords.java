package dev.vellum.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.serde.VellumJson;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Metadata;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * The records an inbox parked, kept durably in the event store's reserved stream
 * {@code $inbox-parked-<name>}: a {@value #PARKED} event per record (its topic, partition, offset,
 * key, value, headers, timestamp, the error and when), a {@value #RETRY_FAILED} event for each
 * operator's retry that failed again (its error and when: the record's attempts count them), and a
 * {@value #RETRIED} or {@value #SKIPPED} event when an operator resolves it. The ids of the others
 * derive from the record's coordinates, so parking a redelivered record again, or resolving one
 * twice, stores nothing twice; each failed retry is an attempt of its own, with an id of its own.
 *
 * <p>The store is the only place it lives: every instance of the inbox reads the same stream
 * ({@link #refresh}), so a record parked on one instance and skipped on another is known as resolved to
 * both. Thread-safe.
 */
final class ParkedRecords {

    /** The type of a record parked. */
    public static final String PARKED = "vellum.InboxRecordParked";
    /** The type of a parked record stored after a retry. */
    public static final String RETRIED = "vellum.InboxRecordRetried";
    /** The type of an operator's retry of a parked record that failed again. */
    public static final String RETRY_FAILED = "vellum.InboxRecordRetryFailed";
    /** The type of a parked record dropped by an operator. */
    public static final String SKIPPED = "vellum.InboxRecordSkipped";

    private static final ObjectMapper JSON = VellumJson.newObjectMapper();

    /** The data of a {@value #PARKED} event. */
    public record Parked(String topic, int partition, long offset, String key, String value, Map<String, String> headers,
            long timestamp, String error, Instant parkedAt) {
    }

    /** The data of a {@value #RETRY_FAILED} event. */
    public record RetryFailed(long parked, String topic, int partition, long offset, String error, Instant at) {
    }

    /** The data of a {@value #RETRIED} or {@value #SKIPPED} event. */
    public record Resolved(long parked, String topic, int partition, long offset) {
    }

    private final String worker;
    private final EventStore store;
    private final StreamId stream;
    private final Map<Position, ParkedRecord> unresolved = new LinkedHashMap<>();
    private final Map<String, Position> unresolvedAt = new HashMap<>();
    private final Set<String> resolved = new HashSet<>();
    private long readUpTo = -1;

    /** The parked records of inbox {@code name} (worker {@code worker}) in {@code store}, none read until {@link #refresh}. */
    public ParkedRecords(String name, String worker, EventStore store) {
        this.worker = worker;
        this.store = store;
        this.stream = StreamId.of("$inbox-parked-" + name);
    }

    /**
     * Reads what was parked or resolved since the last read, by any instance. The store is read
     * outside the lock, so the counts a status asks for never wait for the store.
     */
    public void refresh() {
        long from;
        synchronized (this) {
            from = readUpTo + 1;
        }
        List<RecordedEvent> events;
        try {
            events = store.readStreamFrom(stream, from);
        } catch (StreamNotFoundException e) {
            return;
        }
        synchronized (this) {
            for (RecordedEvent event : events) {
                if (event.revision() > readUpTo) {
                    apply(event);
                    readUpTo = event.revision();
                }
            }
        }
    }

    private void apply(RecordedEvent event) {
        if (event.type().equals(PARKED)) {
            add(event.position(), read(event, Parked.class));
        } else if (event.type().equals(RETRY_FAILED)) {
            RetryFailed failed = read(event, RetryFailed.class);
            failedAgain(RecordEvents.coordinates(failed.topic(), failed.partition(), failed.offset()), failed.error(),
                    failed.at());
        } else if (event.type().equals(RETRIED) || event.type().equals(SKIPPED)) {
            Resolved done = read(event, Resolved.class);
            markResolved(RecordEvents.coordinates(done.topic(), done.partition(), done.offset()));
        }
    }

    private void add(Position position, Parked parked) {
        String at = RecordEvents.coordinates(parked.topic(), parked.partition(), parked.offset());
        if (!resolved.contains(at) && !unresolvedAt.containsKey(at)) {
            unresolved.put(position, new ParkedRecord(position, parked.topic(), parked.partition(), parked.offset(),
                    parked.key(), parked.value(), parked.headers(), parked.timestamp(), parked.error(), parked.parkedAt()));
            unresolvedAt.put(at, position);
        }
    }

    private void failedAgain(String at, String error, Instant when) {
        Position position = unresolvedAt.get(at);
        if (position != null) {
            unresolved.computeIfPresent(position, (p, record) -> record.failedAgain(error, when));
        }
    }

    private void markResolved(String at) {
        resolved.add(at);
        Position position = unresolvedAt.remove(at);
        if (position != null) {
            unresolved.remove(position);
        }
    }

    /**
     * Parks {@code record}, which failed with {@code error}: completes once the park is durable (the
     * record's offset may then be committed past it).
     */
    public CompletableFuture<AppendResult> park(ConsumerRecord<String, String> record, Throwable error) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        Parked parked = new Parked(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                headers, record.timestamp(), ParkedEvent.describe(error), Instant.now());
        String at = RecordEvents.coordinates(record.topic(), record.partition(), record.offset());
        EventData event = new EventData(id(PARKED, at), PARKED, json(parked), Metadata.EMPTY);
        return store.appendAsync(stream, ExpectedRevision.any(), List.of(event)).thenApply(result -> {
            synchronized (this) {
                add(result.position(), parked);
            }
            return result;
        });
    }

    /** True when the record at {@code topic/partition/offset} was parked and then retried or skipped. */
    public synchronized boolean isResolved(String coordinates) {
        return resolved.contains(coordinates);
    }

    /** The records parked and not yet resolved, in the order parked. */
    public synchronized List<ParkedRecord> unresolved() {
        return new ArrayList<>(unresolved.values());
    }

    /** How many records are parked and not yet resolved. */
    public synchronized int count() {
        return unresolved.size();
    }

    /**
     * The unresolved record parked at {@code position}, reading the stream again if this instance has
     * not seen it.
     *
     * @throws ParkedRecordNotFoundException when none is
     */
    public ParkedRecord get(Position position) {
        ParkedRecord parked;
        synchronized (this) {
            parked = unresolved.get(position);
        }
        if (parked == null) {
            refresh();
            synchronized (this) {
                parked = unresolved.get(position);
            }
        }
        return Optional.ofNullable(parked).orElseThrow(() -> new ParkedRecordNotFoundException(worker, position));
    }

    /**
     * Records that an operator's retry of {@code parked} failed again with {@code error}: it stays
     * parked with one more attempt, this error, and now as when it was last retried.
     */
    public void retryFailed(ParkedRecord parked, Throwable error) {
        RetryFailed failed = new RetryFailed(parked.position().value(), parked.topic(), parked.partition(),
                parked.offset(), ParkedEvent.describe(error), Instant.now());
        store.append(stream, ExpectedRevision.any(), new EventData(UUID.randomUUID(), RETRY_FAILED, json(failed),
                Metadata.EMPTY));
        synchronized (this) {
            failedAgain(parked.coordinates(), failed.error(), failed.at());
        }
    }

    /** Records that {@code parked} was stored after all ({@code retried}) or dropped. */
    public void resolve(ParkedRecord parked, boolean retried) {
        String type = retried ? RETRIED : SKIPPED;
        Resolved done = new Resolved(parked.position().value(), parked.topic(), parked.partition(), parked.offset());
        store.append(stream, ExpectedRevision.any(),
                new EventData(id("resolved", parked.coordinates()), type, json(done), Metadata.EMPTY));
        synchronized (this) {
            markResolved(parked.coordinates());
        }
    }

    /** {@code parked} as the consumer delivered it, for the translator to try again. */
    public static ConsumerRecord<String, String> asRecord(ParkedRecord parked) {
        RecordHeaders headers = new RecordHeaders();
        parked.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>(parked.topic(), parked.partition(), parked.offset(), parked.timestamp(),
                TimestampType.CREATE_TIME, -1, -1, parked.key(), parked.value(), headers, Optional.empty());
    }

    private UUID id(String what, String coordinates) {
        return UUID.nameUUIDFromBytes(("vellum-inbox-parked\u0000" + worker + "\u0000" + what + "\u0000" + coordinates)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String json(Object data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parked record could not be written as JSON: " + e, e);
        }
    }

    private <T> T read(RecordedEvent event, Class<T> type) {
        try {
            return JSON.readValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The event at position " + event.position() + " of stream '" + stream
                    + "' is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
