package dev.vellum.jdbc.internal.readmodel;

import dev.vellum.projection.InvalidProjectionException;
import dev.vellum.projection.ProjectionId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of read-model tables: a plain name ({@code order_summary}) is what queries use, a view
 * over the active version's table; each version has its own table ({@code order_summary_v2}), and
 * each rebuilt generation of it too ({@code order_summary_v2_g3}). Handlers write names in braces,
 * which become their own copy's table. The longest, 50 characters and {@code _v65535_g9999}, fits
 * PostgreSQL's 63.
 */
public final class SqlNames {

    /** The longest plain table name. */
    static final int MAX_LENGTH = 50;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)}");

    private SqlNames() {
    }

    /** Checks a plain table name. @throws InvalidProjectionException when it is not one */
    public static String check(String name) {
        if (name == null || name.length() > MAX_LENGTH || !NAME.matcher(name).matches() || name.startsWith("vellum_")) {
            throw new InvalidProjectionException("Invalid read-model table name '" + name + "': use a lower-case SQL "
                    + "identifier of at most " + MAX_LENGTH + " characters ([a-z][a-z0-9_]*), not starting with "
                    + "'vellum_', e.g. 'order_summary'.");
        }
        return name;
    }

    /** Projection copy {@code id}'s table of {@code name}: {@code name_v2} for generation 1, {@code name_v2_g3} after. */
    public static String versioned(String name, ProjectionId id) {
        String table = check(name) + "_v" + id.version();
        return id.generation() == 1 ? table : table + "_g" + id.generation();
    }

    /** {@code sql} with every {@code {name}} replaced by projection copy {@code id}'s table. */
    public static String resolve(String sql, ProjectionId id) {
        Matcher m = PLACEHOLDER.matcher(sql);
        if (!m.find()) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 16);
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(versioned(m.group(1), id)));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }
}
