package dev.vellum.store.internal;

import dev.vellum.store.StreamId;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Names of streams Vellum keeps beside another stream (a reactor's outcomes, a command handler's
 * rejections): {@code <prefix><source>}, or, when that would be longer than a stream name may be,
 * {@code <prefix>} and a name-based UUID of the source, the same every time.
 */
public final class DerivedStreams {

    private DerivedStreams() {
    }

    /** The stream {@code prefix} + {@code source}, shortened as above when needed. */
    public static StreamId beside(String prefix, StreamId source) {
        String name = prefix + source.value();
        return StreamId.of(name.length() <= StreamId.MAX_LENGTH ? name
                : prefix + UUID.nameUUIDFromBytes(source.value().getBytes(StandardCharsets.UTF_8)));
    }
}
