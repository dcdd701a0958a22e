package dev.vellum.store;

import java.util.Objects;

/**
 * The name of a stream, for example {@code order-42}. Validated on creation: non-empty, at most
 * {@value #MAX_LENGTH} characters, no control characters, no unpaired surrogates (it must be Unicode
 * text) and no leading or trailing white space. The category is the part before the first
 * {@code -} ({@code order}), or the whole name when it has none.
 *
 * @param value the stream name
 */
public record StreamId(String value) {

    /** The longest stream name accepted, in characters. */
    public static final int MAX_LENGTH = 200;

    /** Validates the name. @throws InvalidStreamIdException when it breaks a rule above */
    public StreamId {
        if (value == null || value.isEmpty()) {
            throw new InvalidStreamIdException(String.valueOf(value), "it is empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidStreamIdException(value.substring(0, 40) + "...",
                    "it has " + value.length() + " characters, more than the limit of " + MAX_LENGTH);
        }
        if (!value.strip().equals(value)) {
            throw new InvalidStreamIdException(value, "it starts or ends with white space");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidStreamIdException(value.replaceAll("\\p{Cntrl}", "?"),
                        "it contains a control character at index " + i);
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == value.length()
                        || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    // stores keep names as UTF-8, which cannot hold it: two names would become one
                    throw new InvalidStreamIdException(value.replaceAll("\\p{Cs}", "?"),
                            "it contains an unpaired surrogate at index " + i + ", which is not Unicode text");
                }
                i++;
            }
        }
    }

    /** Shorthand for {@code new StreamId(value)}. */
    public static StreamId of(String value) {
        return new StreamId(value);
    }

    /** Builds {@code category-id}, for example {@code StreamId.of("order", "42")} is {@code order-42}. */
    public static StreamId of(String category, Object id) {
        Objects.requireNonNull(category, "category");
        if (category.contains("-")) {
            throw new InvalidStreamIdException(category + "-" + id, "the category '" + category + "' contains '-'");
        }
        return new StreamId(category + "-" + id);
    }

    /** The part of the name before the first {@code -}, or the whole name. */
    public String category() {
        int dash = value.indexOf('-');
        return dash < 0 ? value : value.substring(0, dash);
    }

    @Override
    public String toString() {
        return value;
    }
}
