package dev.vellum.sqlite.internal;

import dev.vellum.store.StreamId;
import dev.vellum.store.internal.StreamState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads a {@link StreamState} from the {@code streams} table, for the writer and the readers alike. */
final class StreamStateRows {

    /** The query {@link #load} runs; prepare it once per connection. */
    static final String SELECT =
            "SELECT last_revision, readable_from, soft_deleted, tombstoned FROM streams WHERE stream = ?";

    private StreamStateRows() {
    }

    /** The stream's state, or {@link StreamState#NEW} when it has no row. */
    static StreamState load(PreparedStatement select, StreamId stream) throws SQLException {
        select.setString(1, stream.value());
        try (ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                return StreamState.NEW;
            }
            return new StreamState(rs.getLong(1), rs.getLong(2), rs.getInt(3) != 0, rs.getInt(4) != 0);
        }
    }
}
