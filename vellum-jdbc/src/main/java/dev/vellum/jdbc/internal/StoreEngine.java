package dev.vellum.jdbc.internal;

import dev.vellum.store.AppendResult;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What an open JDBC store's engine does once {@link dev.vellum.jdbc.JdbcEventStore} has checked
 * the arguments and that the store is open: the writes through group commit, the reads, and
 * closing. SQLite's and PostgreSQL's engines implement it.
 */
public interface StoreEngine extends AutoCloseable {

    /** Appends validated events; returns once the append has committed. */
    AppendResult append(StreamId stream, ExpectedRevision expected, List<EventData> events, List<String> metadata);

    /** Deletes; returns once the deletion has committed. */
    void delete(StreamId stream, ExpectedRevision expected, Deletion deletion);

    /** Reads a stream; the arguments are checked. */
    List<RecordedEvent> readStream(StreamId stream, ReadDirection direction, long fromRevision, int limit);

    /** Reads the global log; the arguments are checked. */
    List<RecordedEvent> readAll(Position after, LogFilter filter, int limit);

    /** The event stored under {@code id}, or empty. */
    Optional<RecordedEvent> readEvent(UUID id);

    /** The last readable position. */
    Position head();

    /** Finishes the queued writes, then releases what the engine holds. */
    @Override
    void close();
}
