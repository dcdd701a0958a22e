package dev.vellum.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Where a read model's connections resolve plain table names: the schema it was given, put first
 * on each connection's {@code search_path} while the read model uses it and taken off before the
 * connection goes back to the caller's pool; or, without one, the connections' own current schema.
 */
public final class SearchPath {

    private static final String NAME = "[A-Za-z_][A-Za-z0-9_]{0,49}";

    private final Optional<String> schema;

    private SearchPath(Optional<String> schema) {
        this.schema = schema;
    }

    /** The connections' own search path, left as it is. */
    public static SearchPath asConfigured() {
        return new SearchPath(Optional.empty());
    }

    /**
     * Schema {@code name} first.
     *
     * @throws IllegalArgumentException when {@code name} is not 1-50 letters, digits or {@code _}
     */
    public static SearchPath schema(String name) {
        return new SearchPath(Optional.of(check(name)));
    }

    /**
     * Checks a schema name: 1-50 letters, digits or {@code _}, not starting with a digit, so it
     * needs no quoting.
     *
     * @throws IllegalArgumentException when it is not
     */
    public static String check(String name) {
        if (name == null || !name.matches(NAME)) {
            throw new IllegalArgumentException("Invalid schema name '" + name
                    + "': use 1-50 letters, digits or _, not starting with a digit, e.g. 'vellum'.");
        }
        return name;
    }

    /** The schema given, if any. */
    public Optional<String> schema() {
        return schema;
    }

    /**
     * Puts the schema first on {@code c}, a connection fresh from its pool, and commits that (a
     * later rollback must not undo it); returns the path to restore, or empty when there is
     * nothing to do.
     */
    public Optional<String> enter(Connection c) throws SQLException {
        if (schema.isEmpty()) {
            return Optional.empty();
        }
        String previous = set(c, "search_path", schema.get() + ", ", true);
        return Optional.of(previous);
    }

    /**
     * Sets setting {@code name} of {@code c}'s session to {@code value} (after {@code value}, the
     * current value too when {@code prepend}), committed when {@code c} is not in auto-commit mode;
     * returns the value it had.
     */
    static String set(Connection c, String name, String value, boolean prepend) throws SQLException {
        String previous;
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?), set_config(?, ?"
                + (prepend ? " || current_setting(?)" : "") + ", false)")) {
            ps.setString(1, name);
            ps.setString(2, name);
            ps.setString(3, value);
            if (prepend) {
                ps.setString(4, name);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                previous = rs.getString(1);
            }
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
        return previous;
    }

    /** Restores the search path {@link #enter} found (committed when not in auto-commit mode). */
    public static void leave(Connection c, Optional<String> previous) throws SQLException {
        if (previous.isPresent()) {
            set(c, "search_path", previous.get(), false);
        }
    }
}
