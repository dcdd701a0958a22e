package dev.vellum.store.internal;

import dev.vellum.store.Metadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads the {@code $schema} metadata header that records an event's schema version.
 * Version 1 is stored as no header at all, so most events carry nothing extra. Not API.
 */
public final class SchemaHeader {

    /** The header's name. */
    public static final String NAME = "$schema";

    private SchemaHeader() {
    }

    /** The metadata with the header set to {@code version}, or removed when the version is 1. */
    public static Metadata stamp(Metadata metadata, int version) {
        if (version != 1) {
            return metadata.withHeader(NAME, Integer.toString(version));
        }
        if (metadata.header(NAME) == null) {
            return metadata;
        }
        Map<String, String> headers = new LinkedHashMap<>(metadata.headers());
        headers.remove(NAME);
        return new Metadata(metadata.correlationId(), metadata.causationId(), headers);
    }

    /**
     * The schema version the metadata records: 1 when there is no header.
     *
     * @throws IllegalArgumentException when the header is not a whole number of 1 or more
     */
    public static int read(Metadata metadata) {
        String value = metadata.header(NAME);
        if (value == null) {
            return 1;
        }
        int version;
        try {
            version = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            version = 0;
        }
        if (version < 1) {
            throw new IllegalArgumentException("its " + NAME + " header is '" + value
                    + "', not a schema version (a whole number of 1 or more)");
        }
        return version;
    }
}
