package dev.vellum.jdbc.spi;

import dev.vellum.store.StreamId;
import dev.vellum.store.spi.StreamState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads a {@link StreamState} from the {@code streams} table, for the writers and the readers alike. */
public final class StreamStateRows {

    /** The columns a state is read from, in the order {@link #read} reads them. */
    public static final String COLUMNS = "last_revision, readable_from, soft_deleted, tombstoned";

    private StreamStateRows() {
    }

    /** The query {@link #load} runs; prepare it once per connection. */
    public static String select(Dialect dialect) {
        return "SELECT " + COLUMNS + " FROM " + dialect.table("streams") + " WHERE stream = ?";
    }

    /** The state in the current row, its columns starting at {@code first}, selected as {@link #COLUMNS}. */
    public static StreamState read(ResultSet rs, int first) throws SQLException {
        return new StreamState(rs.getLong(first), rs.getLong(first + 1), rs.getBoolean(first + 2),
                rs.getBoolean(first + 3));
    }

    /** The stream's state, or {@link StreamState#NEW} when it has no row. */
    public static StreamState load(PreparedStatement select, StreamId stream) throws SQLException {
        select.setString(1, stream.value());
        try (ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                return StreamState.NEW;
            }
            return read(rs, 1);
        }
    }
}
