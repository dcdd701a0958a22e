package dev.vellum.jdbc.internal.readmodel;

import dev.vellum.projection.InvalidProjectionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of read-model tables: a plain name ({@code order_summary}) is what queries use, a view
 * over the active version's table; each version has its own table ({@code order_summary_v2}).
 * Handlers write names in braces, which become the version's table.
 */
public final class SqlNames {

    /** The longest plain table name. */
    static final int MAX_LENGTH = 50;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)}");

    private SqlNames() {
    }

    /** Checks a plain table name. @throws InvalidProjectionException when it is not one */
    static String check(String name) {
        if (name == null || name.length() > MAX_LENGTH || !NAME.matcher(name).matches() || name.startsWith("vellum_")) {
            throw new InvalidProjectionException("Invalid read-model table name '" + name + "': use a lower-case SQL "
                    + "identifier of at most " + MAX_LENGTH + " characters ([a-z][a-z0-9_]*), not starting with "
                    + "'vellum_', e.g. 'order_summary'.");
        }
        return name;
    }

    /** Version {@code version}'s table of {@code name}. */
    static String versioned(String name, int version) {
        return check(name) + "_v" + version;
    }

    /** {@code sql} with every {@code {name}} replaced by version {@code version}'s table. */
    static String resolve(String sql, int version) {
        Matcher m = PLACEHOLDER.matcher(sql);
        if (!m.find()) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 16);
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(versioned(m.group(1), version)));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }
}
