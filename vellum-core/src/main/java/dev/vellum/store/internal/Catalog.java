package dev.vellum.store.internal;

import dev.vellum.store.CategorySummary;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * {@link dev.vellum.store.StreamCatalog}'s listings over the stream states a store keeps in memory,
 * in the order the SQL stores list them: by Unicode code point, which is the order of UTF-8 bytes.
 */
public final class Catalog {

    /** Code point order; differs from {@link String#compareTo} only around supplementary characters. */
    public static final Comparator<String> NAME_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private Catalog() {
    }

    /**
     * See {@link dev.vellum.store.StreamCatalog#listStreams}; the arguments are checked.
     *
     * @param states what the store keeps per stream
     * @param summary a stream's summary from its state
     * @param <S> the store's state of a stream
     */
    public static <S> List<StreamSummary> streams(Map<StreamId, S> states,
            BiFunction<S, StreamId, StreamSummary> summary, String prefix, String after, int limit) {
        return states.entrySet().stream()
                .filter(e -> e.getKey().value().startsWith(prefix) && NAME_ORDER.compare(e.getKey().value(), after) > 0)
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(StreamId::value, NAME_ORDER)))
                .limit(limit)
                .map(e -> summary.apply(e.getValue(), e.getKey()))
                .toList();
    }

    /** See {@link dev.vellum.store.StreamCatalog#countStreams}; the argument is checked. */
    public static long count(Iterable<StreamId> streams, String prefix) {
        long count = 0;
        for (StreamId stream : streams) {
            if (stream.value().startsWith(prefix)) {
                count++;
            }
        }
        return count;
    }

    /** See {@link dev.vellum.store.StreamCatalog#listCategories}; the arguments are checked. */
    public static List<CategorySummary> categories(Iterable<StreamId> streams, String after, int limit) {
        Map<String, Long> counts = new TreeMap<>(NAME_ORDER);
        for (StreamId stream : streams) {
            // empty means from the start, which includes the empty category of a name such as "-x" stored
            // before names had to start with a category
            if (after.isEmpty() || NAME_ORDER.compare(stream.category(), after) > 0) {
                counts.merge(stream.category(), 1L, Long::sum);
            }
        }
        List<CategorySummary> page = new ArrayList<>(Math.min(limit, counts.size()));
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (page.size() == limit) {
                break;
            }
            page.add(new CategorySummary(e.getKey(), e.getValue()));
        }
        return page;
    }
}
