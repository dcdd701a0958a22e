package dev.vellum.sqlite.internal.inline;

import dev.vellum.sqlite.projection.internal.ReadModelConnections;
import dev.vellum.jdbc.spi.readmodel.JdbcSqlContext;
import dev.vellum.jdbc.spi.readmodel.SqlSession;
import dev.vellum.projection.InvalidProjectionException;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionHandlerException;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.sqlite.internal.AppendHook;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.LogReader;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.spi.AppendMark;
import dev.vellum.worker.WorkerError;
import dev.vellum.worker.WorkerStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's inline projections: caught up when the store opens ({@link InlineCatchUp}), then
 * applied by the writer inside each append's savepoint. A projection only takes part once it is
 * live, so it never sees an append twice or out of order. Changes to what the projections report
 * are made only once every projection accepted the append, since any of them may still fail it.
 * The store adds its projections before it opens the engine, whose writer then applies them.
 */
public final class InlineProjections implements AppendHook {

    private static final Logger LOG = LoggerFactory.getLogger(InlineProjections.class);
    private static final String SAVEPOINT = "SAVEPOINT vellum_inline";

    private final List<InlineRuntime> runtimes = new ArrayList<>();
    private volatile LogReader log;
    private SqlSession session; // the writer thread's

    /**
     * Adds one projection, before the store opens; {@code isolated} when a failing handler leaves the
     * append alone and the projection behind, false when it fails the append.
     *
     * @throws InvalidProjectionException when one of that name was added already
     */
    public void add(Projection<SqlContext> projection, boolean isolated) {
        if (runtimes.stream().anyMatch(r -> r.id.name().equals(projection.id().name()))) {
            throw new InvalidProjectionException("Inline projection '" + projection.id().name()
                    + "' is registered twice on one store: register each projection once, at one version.");
        }
        runtimes.add(new InlineRuntime(projection, isolated));
    }

    /**
     * Catches every projection up on {@code file}; call once the store can read, before it takes appends.
     *
     * @param synchronous the {@code PRAGMA synchronous} value of the store's durability
     */
    public void open(Path file, int synchronous, LogReader storeLog) {
        InlineCatchUp.run(file, synchronous, storeLog, runtimes);
        this.log = storeLog;
    }

    /** Their statuses; {@code storeOpen} false once the store closed. */
    public List<WorkerStatus> statuses(boolean storeOpen) {
        LogReader reader = storeOpen ? log : null;
        return runtimes.stream().map(r -> r.status(reader)).toList();
    }

    @Override
    public void appended(Connection connection, StreamId stream, List<EventData> events, AppendResult result,
            long recordedAtMillis) throws SQLException {
        List<RecordedEvent> recorded = null;
        List<Runnable> afterwards = new ArrayList<>(runtimes.size());
        for (InlineRuntime runtime : runtimes) {
            if (!runtime.live()) {
                continue;
            }
            if (recorded == null) {
                recorded = recorded(stream, events, result, recordedAtMillis);
            }
            List<RecordedEvent> mine = recorded.stream().filter(runtime.projection.filter()::matches).toList();
            if (mine.isEmpty()) {
                afterwards.add(() -> runtime.applied(result.position(), 0));
                continue;
            }
            SqlSession s = session(connection);
            if (!runtime.isolated) {
                apply(s, runtime, mine, result.position());
                afterwards.add(() -> runtime.applied(result.position(), mine.size()));
            } else {
                s.control(SAVEPOINT);
                try {
                    apply(s, runtime, mine, result.position());
                    s.control("RELEASE vellum_inline");
                    afterwards.add(() -> runtime.applied(result.position(), mine.size()));
                } catch (ProjectionHandlerException e) {
                    s.control("ROLLBACK TO vellum_inline");
                    s.control("RELEASE vellum_inline");
                    s.tables().park(new ParkedEvent(runtime.id, e.event().position(), e.event().stream(),
                            e.event().type(), ParkedEvent.describe(e.getCause()), 1, Instant.now()));
                    afterwards.add(() -> {
                        runtime.failed(WorkerError.of(e, e.event().position(), Instant.now()), true);
                        LOG.error("Inline projection '{}' is isolated: it no longer follows appends", runtime.id, e);
                    });
                }
            }
        }
        afterwards.forEach(Runnable::run);
    }

    private static void apply(SqlSession s, InlineRuntime runtime, List<RecordedEvent> events, Position upTo)
            throws SQLException {
        JdbcSqlContext context = s.context(runtime.id);
        for (RecordedEvent event : events) {
            try {
                runtime.projection.handler().apply(context, event);
                context.flush(); // its batched rows, so a failure among them is this event's
            } catch (Exception e) {
                throw new ProjectionHandlerException(runtime.id, event, !runtime.isolated
                        ? "Nothing of the append was written: the inline projection must accept every append."
                        : "The append was written without it; the projection is isolated until the store reopens.", e);
            }
        }
        s.tables().saveCheckpoint(runtime.id, 0, upTo);
    }

    private SqlSession session(Connection connection) throws SQLException {
        if (session == null || session.connection() != connection) {
            session = new SqlSession(connection, ReadModelConnections.SQLITE);
        }
        return session;
    }

    private static List<RecordedEvent> recorded(StreamId stream, List<EventData> events, AppendResult result,
            long recordedAtMillis) {
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        long first = result.position().value() - events.size() + 1;
        long firstRevision = result.revision() - events.size() + 1;
        Instant at = Instant.ofEpochMilli(recordedAtMillis);
        for (int i = 0; i < events.size(); i++) {
            EventData e = events.get(i);
            recorded.add(new RecordedEvent(stream, firstRevision + i, Position.of(first + i), e.id(), e.type(), e.data(),
                    AppendMark.stored(e.metadata(), i, events.size()), at)); // as the store keeps it
        }
        return recorded;
    }
}
