package dev.vellum.jdbc.spi;

import dev.vellum.store.CategorySummary;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamSummary;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The listings of {@link dev.vellum.store.StreamCatalog} over the {@code streams} table, whose
 * names both stores compare by their UTF-8 bytes (SQLite's {@code BINARY}, PostgreSQL's
 * {@code "C"} collation), which is code point order. The arguments are checked by the caller.
 */
public final class CatalogQueries {

    /**
     * Above every stream name that starts with a prefix, once appended to it: a name has at most
     * {@link StreamId#MAX_LENGTH} characters, none above U+10FFFF. It bounds the range scan of a
     * prefix search, so the scan stops at the prefix's last name instead of reading on to the end.
     */
    private static final String ABOVE_ANY_SUFFIX = new String(Character.toChars(Character.MAX_CODE_POINT))
            .repeat(StreamId.MAX_LENGTH);

    private final String streams;
    private final String count;
    private final String categories;

    /** The queries in {@code dialect}. */
    public CatalogQueries(Dialect dialect) {
        this.streams = "SELECT stream, " + StreamStateRows.COLUMNS + " FROM " + dialect.table("streams")
                + " WHERE stream > ? AND stream >= ? AND stream <= ? ORDER BY stream LIMIT ?";
        this.count = "SELECT count(*) FROM " + dialect.table("streams") + " WHERE stream >= ? AND stream <= ?";
        this.categories = "SELECT category, count(*) FROM (SELECT " + dialect.categoryOf("stream")
                + " AS category FROM " + dialect.table("streams") + ") c WHERE (category > ? OR ? = '')"
                + " GROUP BY category ORDER BY category LIMIT ?";
    }

    /** See {@link dev.vellum.store.StreamCatalog#listStreams}. */
    public List<StreamSummary> listStreams(Statements c, String prefix, String after, int limit) throws SQLException {
        PreparedStatement ps = c.prepare(streams);
        ps.setString(1, after);
        ps.setString(2, prefix);
        ps.setString(3, prefix + ABOVE_ANY_SUFFIX);
        ps.setInt(4, limit);
        List<StreamSummary> page = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                page.add(StreamStateRows.read(rs, 2).summary(StreamId.of(rs.getString(1))));
            }
        }
        return page;
    }

    /** See {@link dev.vellum.store.StreamCatalog#countStreams}. */
    public long countStreams(Statements c, String prefix) throws SQLException {
        PreparedStatement ps = c.prepare(count);
        ps.setString(1, prefix);
        ps.setString(2, prefix + ABOVE_ANY_SUFFIX);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** See {@link dev.vellum.store.StreamCatalog#listCategories}. */
    public List<CategorySummary> listCategories(Statements c, String after, int limit) throws SQLException {
        PreparedStatement ps = c.prepare(categories);
        ps.setString(1, after);
        ps.setString(2, after); // empty means from the start, which includes the empty category of "-x"
        ps.setInt(3, limit);
        List<CategorySummary> page = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                page.add(new CategorySummary(rs.getString(1), rs.getLong(2)));
            }
        }
        return page;
    }
}
