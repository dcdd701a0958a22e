package dev.vellum.store.spi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.vellum.store.AppendTooLargeException;
import dev.vellum.store.EventData;
import dev.vellum.store.EventTooLargeException;
import dev.vellum.store.InvalidEventException;
import dev.vellum.store.MalformedJsonException;
import dev.vellum.store.Metadata;
import dev.vellum.store.StreamAppender;
import dev.vellum.store.StreamId;
import dev.vellum.store.internal.Json;
import dev.vellum.store.internal.SchemaHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The checks every store runs on an append before touching storage, so that bad input gets a typed
 * error and changes nothing: a non-empty, bounded list without nulls or repeated ids, data that is
 * one well-formed JSON value, text that is valid Unicode, headers with names and values (the
 * reserved {@code $schema} one as Vellum writes it), and events and the append within their size
 * limits.
 */
public final class AppendValidation {

    private AppendValidation() {
    }

    /**
     * Validates an append and returns the serialized metadata of each event, in order, so stores
     * serialize it only once; it is the metadata to store, with the {@link AppendMark}.
     */
    public static List<String> validate(StreamId stream, List<EventData> events) {
        Objects.requireNonNull(stream, "stream");
        if (events == null || events.isEmpty()) {
            throw new InvalidEventException("An append to '" + stream + "' needs at least one event.");
        }
        if (events.size() > StreamAppender.MAX_EVENTS_PER_APPEND) {
            throw new InvalidEventException("An append to '" + stream + "' has " + events.size()
                    + " events, more than the limit of " + StreamAppender.MAX_EVENTS_PER_APPEND + ": split it.");
        }
        Set<UUID> ids = new HashSet<>(events.size() * 2);
        String[] metadata = new String[events.size()];
        long total = 0;
        for (int i = 0; i < events.size(); i++) {
            EventData event = events.get(i);
            if (event == null) {
                throw new InvalidEventException("Event " + i + " of the append to '" + stream + "' is null.");
            }
            if (!ids.add(event.id())) {
                throw new InvalidEventException("Event id " + event.id() + " appears twice in one append to '"
                        + stream + "': every event needs its own id.");
            }
            checkHeaders(event);
            metadata[i] = MetadataJson.write(event.metadata());
            long size = utf8Length(event.data()) + (metadata[i] == null ? 0 : utf8Length(metadata[i]));
            metadata[i] = markedMetadata(event, metadata[i], i, events.size());
            if (size > EventData.MAX_SIZE_BYTES) {
                throw new EventTooLargeException(event.id(), size);
            }
            total += size;
            checkUnicode(event);
            checkJson(event);
        }
        checkAppendSize(stream, total);
        return Collections.unmodifiableList(Arrays.asList(metadata));
    }

    /** One append's events together stay within {@link StreamAppender#MAX_APPEND_BYTES}. */
    private static void checkAppendSize(StreamId stream, long bytes) {
        if (bytes > StreamAppender.MAX_APPEND_BYTES) {
            throw new AppendTooLargeException(stream, bytes);
        }
    }

    /**
     * The metadata as stored: with the {@link AppendMark} of the append (not counted in the size
     * limit, which is the caller's), serialized again only when the mark changes it.
     */
    private static String markedMetadata(EventData event, String written, int index, int count) {
        Metadata stored = AppendMark.stored(event.metadata(), index, count);
        return stored == event.metadata() ? written : MetadataJson.write(stored);
    }

    /**
     * Header names and values are text, and the reserved {@value SchemaHeader#NAME} header holds what
     * {@code EventTypes} writes there (a schema version, a whole number of 1 or more), so that the
     * event can be read back: a store copying events keeps the header, so a valid one is accepted.
     */
    private static void checkHeaders(EventData event) {
        event.metadata().headers().forEach((name, value) -> {
            if (name == null || value == null) {
                throw new InvalidEventException("The metadata of event " + event.id() + " has a header "
                        + (name == null ? "without a name" : "'" + name + "' without a value")
                        + ": give every header a name and a value (or leave it out).");
            }
        });
        try {
            SchemaHeader.read(event.metadata());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("The metadata of event " + event.id() + " is not valid: " + e.getMessage()
                    + ". The header " + SchemaHeader.NAME + " is reserved for EventTypes, which sets it when it"
                    + " serializes an event; leave it out.");
        }
    }

    /**
     * Stores keep text as UTF-8, which cannot hold an unpaired UTF-16 surrogate: it would come back
     * as '?', so the event would not read back as written.
     */
    private static void checkUnicode(EventData event) {
        int bad = unpairedSurrogate(event.data());
        if (bad >= 0) {
            throw new MalformedJsonException(event.id(), new IOException("the data has an unpaired UTF-16 surrogate at index "
                    + bad + ", which is not Unicode text"));
        }
        Metadata metadata = event.metadata();
        checkMetadataText(event, "correlationId", metadata.correlationId());
        checkMetadataText(event, "causationId", metadata.causationId());
        metadata.headers().forEach((name, value) -> {
            checkMetadataText(event, "header name", name);
            checkMetadataText(event, "header '" + name + "'", value);
        });
    }

    private static void checkMetadataText(EventData event, String field, String text) {
        if (text != null && unpairedSurrogate(text) >= 0) {
            throw new InvalidEventException("The metadata " + field + " of event " + event.id()
                    + " has an unpaired UTF-16 surrogate, which is not Unicode text: fix the string before appending.");
        }
    }

    /** The index of the first unpaired surrogate in {@code s}, or -1. */
    private static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }

    private static void checkJson(EventData event) {
        try (JsonParser p = Json.FACTORY.createParser(event.data())) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new MalformedJsonException(event.id(), new IOException("the data is empty"));
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new MalformedJsonException(event.id(),
                        new IOException("there is more after the first JSON value"));
            }
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(event.id(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long utf8Length(String s) {
        int length = s.length();
        if (length * 3L <= EventData.MAX_SIZE_BYTES) {
            long bytes = 0;
            for (int i = 0; i < length; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    bytes++;
                } else if (c < 0x800) {
                    bytes += 2;
                } else if (Character.isHighSurrogate(c)) {
                    bytes += 4;
                    i++;
                } else {
                    bytes += 3;
                }
            }
            return bytes;
        }
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
