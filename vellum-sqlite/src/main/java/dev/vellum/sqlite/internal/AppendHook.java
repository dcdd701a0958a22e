package dev.vellum.sqlite.internal;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.StreamId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Runs inside each append's savepoint, after its events are written, on the writer's connection:
 * what inline projections use to update a read model in the append's own transaction. An exception
 * rolls the append back (alone: its neighbours in the group commit are not affected) and is what
 * the caller of {@code append} gets. Not called for a retry that stored nothing.
 */
@FunctionalInterface
public interface AppendHook {

    /** Does nothing. */
    AppendHook NONE = (connection, stream, events, result, recordedAtMillis) -> { };

    /**
     * Called after {@code events} were written to {@code stream} as {@code result} says.
     *
     * @param recordedAtMillis the events' {@code recorded_at}
     */
    void appended(Connection connection, StreamId stream, List<EventData> events, AppendResult result,
            long recordedAtMillis) throws SQLException;
}
