package dev.vellum.store;

import java.util.Objects;

/**
 * The name of a stream, for example {@code order-42}. Validated on creation: non-empty, at most
 * {@value #MAX_LENGTH} characters, no unpaired surrogates (it must be Unicode text), and nothing that
 * would make two names look alike: no control characters, no invisible format characters (a
 * zero-width space, a direction override, a byte-order mark), no line or paragraph separators, no
 * space but the plain one (U+0020), and no white space of any kind at either end. The category is
 * the part before the first {@code -} ({@code order}), or the whole name when it has none; it is
 * never empty, so a name does not start with {@code -}.
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
        if (isSpace(value.codePointAt(0)) || isSpace(value.codePointBefore(value.length()))) {
            throw new InvalidStreamIdException(shown(value), "it starts or ends with white space");
        }
        if (value.charAt(0) == '-') {
            throw new InvalidStreamIdException(value, "it starts with '-', so its category would be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidStreamIdException(shown(value), "it contains a control character at index " + i);
            }
            if (Character.isSurrogate(c) && (!Character.isHighSurrogate(c) || i + 1 == value.length()
                    || !Character.isLowSurrogate(value.charAt(i + 1)))) {
                // stores keep names as UTF-8, which cannot hold it: two names would become one
                throw new InvalidStreamIdException(value.replaceAll("\\p{Cs}", "?"),
                        "it contains an unpaired surrogate at index " + i + ", which is not Unicode text");
            }
            int codePoint = value.codePointAt(i);
            if (looksLikeSomethingElse(codePoint)) {
                throw new InvalidStreamIdException(shown(value), String.format("it contains U+%04X at index %d, an invisible"
                        + " character or a space other than U+0020, which makes names that look alike", codePoint, i));
            }
            i += Character.charCount(codePoint) - 1;
        }
    }

    /** White space, by Java's rules or Unicode's (no-break spaces count). */
    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /** A format character (tags beyond U+FFFF too), a line or paragraph separator, or a space but U+0020. */
    private static boolean looksLikeSomethingElse(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            case Character.SPACE_SEPARATOR -> codePoint != ' ';
            default -> false;
        };
    }

    /** The name as an error message shows it: what cannot be seen, escaped. */
    private static String shown(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            boolean invisible = Character.isISOControl(c) || looksLikeSomethingElse(c) || (c != ' ' && isSpace(c));
            out.append(invisible ? String.format("\\u{%X}", c) : Character.toString(c));
        });
        return out.toString();
    }

    /** Shorthand for {@code new StreamId(value)}. */
    public static StreamId of(String value) {
        return new StreamId(value);
    }

    /**
     * Builds {@code category-id}, for example {@code StreamId.of("order", "42")} is {@code order-42}.
     *
     * @throws InvalidStreamIdException when the category is empty or holds a {@code -}, or the name breaks a rule above
     */
    public static StreamId of(String category, Object id) {
        Objects.requireNonNull(category, "category");
        if (category.isEmpty()) {
            throw new InvalidStreamIdException("-" + id, "the category is empty");
        }
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
