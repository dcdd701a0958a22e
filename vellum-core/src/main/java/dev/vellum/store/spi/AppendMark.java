package dev.vellum.store.spi;

import dev.vellum.store.Metadata;
import dev.vellum.store.RecordedEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a store marks where one append's events begin, so that readers can tell them apart from the
 * next append to the same stream: the first event of an append of two or more events carries the
 * header {@value #HEADER}, the number of events in the append. Every store writes it the same way,
 * replacing any {@value #HEADER} the caller set (copied from another event, say); the events of a
 * single-event append carry nothing, which keeps storage small.
 */
public final class AppendMark {

    /** The header's name. */
    public static final String HEADER = "$append";

    private AppendMark() {
    }

    /** The metadata to store for event {@code index} of an append of {@code count} events. */
    public static Metadata stored(Metadata metadata, int index, int count) {
        boolean marked = index == 0 && count > 1;
        if (!marked && metadata.header(HEADER) == null) {
            return metadata;
        }
        Map<String, String> headers = new LinkedHashMap<>(metadata.headers());
        headers.remove(HEADER);
        if (marked) {
            headers.put(HEADER, Integer.toString(count));
        }
        return new Metadata(metadata.correlationId(), metadata.causationId(), headers);
    }

    /** How many events the append that {@code event} begins has: 1 when it carries no mark. */
    public static int count(RecordedEvent event) {
        String value = event.metadata().header(HEADER);
        if (value == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
