package dev.vellum.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.serde.internal.Messages;
import java.io.IOException;
import java.util.Locale;

/**
 * One registered event type, ready to use: its name, record class, current schema version, the
 * Jackson reader and writer built once for its class, and its upcaster chain. Immutable and
 * thread-safe. Not API.
 */
final class RegisteredType {

    private final String name;
    private final Class<?> recordClass;
    private final int version;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final Upcaster[] upcasters;

    /**
     * @param name the type name
     * @param recordClass the record class
     * @param version the current schema version, 1 or more
     * @param upcasters {@code upcasters[v - 1]} turns version {@code v} into {@code v + 1}; one per
     *     version below {@code version}
     * @param mapper the mapper to build the reader and writer from
     */
    public RegisteredType(String name, Class<?> recordClass, int version, Upcaster[] upcasters, ObjectMapper mapper) {
        if (upcasters.length != version - 1) {
            throw new IllegalArgumentException("need " + (version - 1) + " upcasters, got " + upcasters.length);
        }
        this.name = name;
        this.recordClass = recordClass;
        this.version = version;
        this.upcasters = upcasters.clone();
        this.reader = mapper.readerFor(recordClass);
        this.writer = mapper.writerFor(recordClass);
    }

    /** The type name. */
    public String name() {
        return name;
    }

    /** The record class. */
    public Class<?> recordClass() {
        return recordClass;
    }

    /** The current schema version. */
    public int version() {
        return version;
    }

    /** The record as JSON. */
    public String write(Object event) throws JsonProcessingException {
        return writer.writeValueAsString(event);
    }

    /**
     * Reads data stored at {@code storedVersion} (at most {@link #version()}) into the record: straight
     * from the string when it is the current version, else through a JSON tree and the upcasters.
     *
     * @return the record, or {@code null} when the data is JSON {@code null}
     * @throws IOException when the data is malformed or does not fit the record
     * @throws IllegalStateException when the data cannot be upcast (not an object, an upcaster failed)
     */
    public Object read(String data, int storedVersion) throws IOException {
        if (storedVersion == version) {
            return reader.readValue(data);
        }
        JsonNode tree = reader.readTree(data);
        if (!(tree instanceof ObjectNode node)) {
            throw new IllegalStateException("version " + storedVersion + " data must be a JSON object to be upcast, but is "
                    + (tree == null || tree.isMissingNode() ? "empty" : tree.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        for (int from = storedVersion; from < version; from++) {
            node = upcast(node, from);
        }
        return reader.readValue(node);
    }

    private ObjectNode upcast(ObjectNode node, int from) {
        ObjectNode next;
        try {
            next = upcasters[from - 1].upcast(node);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the upcaster from version " + from + " to " + (from + 1)
                    + " failed: " + Messages.firstLine(e), e);
        }
        if (next == null) {
            throw new IllegalStateException("the upcaster from version " + from + " to " + (from + 1) + " returned null");
        }
        return next;
    }
}
