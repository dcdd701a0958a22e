package dev.vellum.jdbc.spi;

import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL for one page of the global log under a {@link LogFilter}. The text depends only on how
 * many categories and types the filter names, so each shape is prepared once per connection.
 *
 * <ul>
 *   <li>no category: a range scan of the primary key (position), types filtered on the way;
 *   <li>one category: a range scan of the {@code (category, position)} index;
 *   <li>several: one such scan per category, each limited to the page size, merged by position,
 *       so a page never costs more than categories × limit rows, however long the log is.
 * </ul>
 *
 * <p>The dialect's {@link Dialect#logVisibility() visibility condition}, when it has one, is added to
 * every scan, so a page never holds an event that a transaction still in flight could precede.
 *
 * <p>There is deliberately no index on {@code type}. Without one, a type-only filter scans positions
 * and skips other types (measured: ~100k rows in 25-40 ms when no row matches); a live subscription
 * pays that only for new events, since it moves its checkpoint to the head when caught up. An index
 * {@code (type, position)} made such a scan ~0.1 ms but costs every append one more B-tree insert;
 * on the shared 2-core machine the write cost was within noise (measured on SQLite). Add it in a later schema version
 * if type-only subscriptions over long logs become common.
 *
 * @param sql the query text
 * @param categories the categories, in the order their parameters appear
 * @param types the types, in the order their parameters appear (repeated per category)
 */
record LogQuery(String sql, List<String> categories, List<String> types) {

    /** The query for {@code filter} in {@code dialect}. */
    public static LogQuery of(Dialect dialect, LogFilter filter) {
        List<String> categories = List.copyOf(filter.categories());
        List<String> types = List.copyOf(filter.types());
        String conditions = (types.isEmpty() ? ""
                : " AND type IN (" + String.join(", ", Collections.nCopies(types.size(), "?")) + ")")
                + (dialect.logVisibility() == null ? "" : " AND " + dialect.logVisibility());
        String select = "SELECT " + EventRows.columns(dialect) + " FROM " + dialect.table("events") + " WHERE ";
        String sql = switch (categories.size()) {
            case 0 -> select + "position > ?" + conditions + " ORDER BY position LIMIT ?";
            case 1 -> oneCategory(select, conditions);
            default -> {
                List<String> scans = new ArrayList<>();
                for (int i = 0; i < categories.size(); i++) {
                    scans.add("SELECT * FROM (" + oneCategory(select, conditions) + ") AS c" + i);
                }
                yield scans.stream().collect(Collectors.joining(" UNION ALL ", "", " ORDER BY position LIMIT ?"));
            }
        };
        return new LogQuery(sql, categories, types);
    }

    private static String oneCategory(String select, String conditions) {
        return select + "category = ? AND position > ?" + conditions + " ORDER BY position LIMIT ?";
    }

    /** Sets the parameters of a statement prepared from {@link #sql}. */
    public void bind(PreparedStatement ps, Position after, int limit) throws SQLException {
        int i = 1;
        if (categories.isEmpty()) {
            ps.setLong(i++, after.value());
            i = bindTypes(ps, i);
        } else {
            for (String category : categories) {
                ps.setString(i++, category);
                ps.setLong(i++, after.value());
                i = bindTypes(ps, i);
                ps.setInt(i++, limit);
            }
        }
        if (categories.size() != 1) {
            ps.setInt(i, limit);
        }
    }

    private int bindTypes(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        for (String type : types) {
            ps.setString(i++, type);
        }
        return i;
    }
}
