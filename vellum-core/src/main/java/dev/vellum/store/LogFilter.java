package dev.vellum.store;

import java.util.Objects;
import java.util.Set;

/**
 * Which events a read of the global log or a subscription returns: those whose stream category is
 * one of {@code categories} (all when empty) and whose type is one of {@code types} (all when empty).
 *
 * @param categories the stream categories to keep, or empty for all
 * @param types the event types to keep, or empty for all
 */
public record LogFilter(Set<String> categories, Set<String> types) {

    private static final LogFilter ALL = new LogFilter(Set.of(), Set.of());

    /** Copies the sets. */
    public LogFilter {
        categories = Set.copyOf(Objects.requireNonNull(categories, "categories"));
        types = Set.copyOf(Objects.requireNonNull(types, "types"));
    }

    /** Every event. */
    public static LogFilter all() {
        return ALL;
    }

    /** Events of streams in these categories, e.g. {@code order}. */
    public static LogFilter categories(String... categories) {
        return new LogFilter(Set.of(categories), Set.of());
    }

    /** Events of these types. */
    public static LogFilter types(String... types) {
        return new LogFilter(Set.of(), Set.of(types));
    }

    /** This filter, further limited to these types. */
    public LogFilter andTypes(Set<String> moreTypes) {
        return new LogFilter(categories, moreTypes);
    }

    /** True when the filter keeps everything. */
    public boolean isAll() {
        return categories.isEmpty() && types.isEmpty();
    }

    /** True when the filter keeps this event. */
    public boolean matches(RecordedEvent event) {
        return (categories.isEmpty() || categories.contains(event.stream().category()))
                && (types.isEmpty() || types.contains(event.type()));
    }
}
