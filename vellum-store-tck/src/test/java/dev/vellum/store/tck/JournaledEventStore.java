package dev.vellum.store.tck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.store.AppendResult;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.EventHandler;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Metadata;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.Subscription;
import dev.vellum.store.memory.InMemoryEventStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A test double, not a store to use: the in-memory store made durable by a journal of its
 * successful appends and deletions, replayed in order on open. It exists so that the durable
 * suite's own tests run in this module before a real durable store does.
 */
final class JournaledEventStore implements EventStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path journal;
    private final SettableClock clock = new SettableClock();
    private final InMemoryEventStore memory = new InMemoryEventStore(clock);
    private final BufferedWriter out;

    JournaledEventStore(Path directory) {
        journal = directory.resolve("journal.jsonl");
        try {
            if (Files.exists(journal)) {
                for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                    replay(JSON.readTree(line));
                }
            }
            out = Files.newBufferedWriter(journal, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized AppendResult append(StreamId stream, ExpectedRevision expected, List<EventData> events) {
        clock.now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AppendResult result = memory.append(stream, expected, events);
        ObjectNode entry = JSON.createObjectNode().put("stream", stream.value()).put("at", clock.now.toString());
        for (EventData event : events) {
            ObjectNode e = entry.withArray("events").addObject().put("id", event.id().toString())
                    .put("type", event.type()).put("data", event.data())
                    .put("correlationId", event.metadata().correlationId())
                    .put("causationId", event.metadata().causationId());
            event.metadata().headers().forEach(e.putObject("headers")::put);
        }
        write(entry);
        return result;
    }

    @Override
    public synchronized void delete(StreamId stream, ExpectedRevision expected, Deletion deletion) {
        memory.delete(stream, expected, deletion);
        ObjectNode entry = JSON.createObjectNode().put("stream", stream.value());
        switch (deletion) {
            case Deletion.Soft s -> entry.put("delete", "soft");
            case Deletion.Tombstone t -> entry.put("delete", "tombstone");
            case Deletion.TruncateBefore tb -> entry.put("delete", "truncate").put("revision", tb.revision());
        }
        write(entry);
    }

    private void replay(JsonNode entry) {
        StreamId stream = StreamId.of(entry.get("stream").asText());
        if (entry.has("delete")) {
            memory.delete(stream, ExpectedRevision.any(), switch (entry.get("delete").asText()) {
                case "soft" -> Deletion.soft();
                case "tombstone" -> Deletion.tombstone();
                default -> Deletion.truncateBefore(entry.get("revision").asLong());
            });
            return;
        }
        clock.now = Instant.parse(entry.get("at").asText());
        List<EventData> events = new ArrayList<>();
        entry.get("events").forEach(e -> events.add(eventOf(e)));
        memory.append(stream, ExpectedRevision.any(), events);
    }

    private static EventData eventOf(JsonNode e) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (e.has("headers")) {
            e.get("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        }
        return new EventData(UUID.fromString(e.get("id").asText()), e.get("type").asText(), e.get("data").asText(),
                new Metadata(text(e, "correlationId"), text(e, "causationId"), headers));
    }

    private static String text(JsonNode e, String field) {
        JsonNode value = e.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private void write(ObjectNode entry) {
        try {
            out.write(JSON.writeValueAsString(entry));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<RecordedEvent> readStream(StreamId stream, ReadDirection direction, long fromRevision, int limit) {
        return memory.readStream(stream, direction, fromRevision, limit);
    }

    @Override
    public List<RecordedEvent> readAll(Position after, LogFilter filter, int limit) {
        return memory.readAll(after, filter, limit);
    }

    @Override
    public Position head() {
        return memory.head();
    }

    @Override
    public Subscription subscribe(Position after, LogFilter filter, EventHandler handler) {
        return memory.subscribe(after, filter, handler);
    }

    @Override
    public synchronized void close() {
        memory.close();
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A clock the journal sets before each append, so replayed events keep their timestamps. */
    private static final class SettableClock extends Clock {
        private volatile Instant now = Instant.EPOCH;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }
    }
}
