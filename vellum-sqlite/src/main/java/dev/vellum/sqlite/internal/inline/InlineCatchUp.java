package dev.vellum.sqlite.internal.inline;

import dev.vellum.sqlite.projection.internal.ReadModelConnections;
import dev.vellum.jdbc.spi.readmodel.JdbcSqlContext;
import dev.vellum.jdbc.spi.readmodel.SqlSession;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionException;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionVersionException;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.store.LogReader;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.worker.WorkerError;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the inline projections up to the head of the log when the store opens, before it takes
 * any append, on a connection of its own: sets up a version that never ran, applies what it has
 * not seen in transactions of {@value #PAGE} events, and when a new version has caught up, makes
 * it the active one and drops the old one's tables. A handler that fails here leaves its
 * projection failed at its checkpoint (the event recorded as parked); the store opens anyway.
 */
final class InlineCatchUp {

    private static final int PAGE = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(InlineCatchUp.class);

    private InlineCatchUp() {
    }

    /** Catches every projection up; throws only for a version older than the active one, or a database error. */
    static void run(Path file, int synchronous, LogReader log, List<InlineRuntime> projections) {
        if (projections.isEmpty()) {
            return;
        }
        Connection connection = ReadModelConnections.openWriter(file, synchronous);
        try (SqlSession session = new SqlSession(connection, ReadModelConnections.SQLITE)) {
            for (InlineRuntime projection : projections) {
                catchUp(session, log, projection);
            }
        } catch (SQLException e) {
            throw new ProjectionException("Catching up the inline projections in '" + file + "' failed: "
                    + e.getMessage(), e);
        } finally {
            ReadModelConnections.close(connection);
        }
    }

    private static void catchUp(SqlSession s, LogReader log, InlineRuntime runtime) throws SQLException {
        ProjectionId id = runtime.id;
        Projection<SqlContext> projection = runtime.projection;
        JdbcSqlContext context = s.context(id);
        Optional<ProjectionId> previous;
        Position checkpoint;
        try {
            previous = s.tables().active(id.name());
            if (previous.isPresent() && previous.get().version() > id.version()) {
                throw new ProjectionVersionException("Inline projection '" + id.name() + "' is at version "
                        + previous.get().version() + " in this store, newer than version " + id.version()
                        + ": run the newer code.");
            }
            Optional<Checkpoints> saved = s.tables().checkpoints(id);
            if (saved.isEmpty()) {
                setup(projection, context);
                context.flush();
                s.tables().resetCheckpoints(id, Checkpoints.at(1, Position.START));
            }
            if (previous.isEmpty()) {
                s.activate(id);
            }
            checkpoint = saved.map(Checkpoints::low).orElse(Position.START);
            s.commit();
        } catch (SQLException | RuntimeException e) {
            s.rollback();
            throw e;
        }
        for (List<RecordedEvent> page = log.readAll(checkpoint, projection.filter(), PAGE); !page.isEmpty();
                page = log.readAll(checkpoint, projection.filter(), PAGE)) {
            if (!applyPage(s, runtime, context, checkpoint, page)) {
                runtime.parkedAtOpen(s.tables().parkedEvents(id).size());
                return;
            }
            checkpoint = page.getLast().position();
        }
        if (previous.isPresent() && !previous.get().equals(id)) {
            takeOver(s, runtime, previous.get());
        }
        runtime.parkedAtOpen(s.tables().parkedEvents(id).size());
        runtime.live(checkpoint);
    }

    /** Applies one page in one transaction; false when the handler failed (then nothing of the page is kept). */
    private static boolean applyPage(SqlSession s, InlineRuntime runtime, JdbcSqlContext context, Position checkpoint,
            List<RecordedEvent> page) throws SQLException {
        ProjectionId id = runtime.id;
        try {
            for (RecordedEvent event : page) {
                try {
                    runtime.projection.handler().apply(context, event);
                context.flush(); // its batched rows, so a failure among them is this event's
                } catch (Exception e) {
                    s.rollback();
                    recordFailure(s, runtime, event, e);
                    return false;
                }
            }
            Position last = page.getLast().position();
            s.tables().saveCheckpoint(id, 0, last);
            s.tables().unpark(id, Position.of(checkpoint.value() + 1), last); // parked before, applied now
            s.commit();
            runtime.applied(last, page.size());
            return true;
        } catch (SQLException | RuntimeException e) {
            s.rollback();
            throw e;
        }
    }

    private static void recordFailure(SqlSession s, InlineRuntime runtime, RecordedEvent event, Exception error)
            throws SQLException {
        int attempts = s.tables().parkedEvents(runtime.id).stream().filter(p -> p.position().equals(event.position()))
                .mapToInt(ParkedEvent::attempts).findFirst().orElse(0) + 1;
        s.tables().park(new ParkedEvent(runtime.id, event.position(), event.stream(), event.type(),
                ParkedEvent.describe(error), attempts, Instant.now()));
        s.commit();
        String message = "Inline projection '" + runtime.id + "' failed catching up on the " + event.type()
                + " event at position " + event.position() + " (" + ParkedEvent.describe(error)
                + "); it stays at its checkpoint, out of the appends, until the store is opened again with a fix.";
        runtime.failed(new WorkerError(error.getClass().getName(), message, event.position(), Instant.now()), false);
        LOG.error(message, error);
    }

    private static void takeOver(SqlSession s, InlineRuntime runtime, ProjectionId old) throws SQLException {
        try {
            s.activate(runtime.id);
            if (!runtime.projection.keepPreviousVersion()) {
                s.drop(old);
            }
            s.commit();
        } catch (SQLException | RuntimeException e) {
            s.rollback();
            throw e;
        }
        LOG.info("Inline projection '{}' caught up and took over from version {}", runtime.id, old.version());
    }

    private static void setup(Projection<SqlContext> projection, SqlContext context) {
        try {
            projection.setup().create(context);
        } catch (Exception e) {
            throw new ProjectionException("Setting up the read model of inline projection '" + projection.id()
                    + "' failed: " + e + ". Nothing was created; fix the setup and open the store again.", e);
        }
    }
}
