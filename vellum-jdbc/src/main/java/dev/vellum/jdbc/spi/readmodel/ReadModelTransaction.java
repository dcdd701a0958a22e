package dev.vellum.jdbc.spi.readmodel;

import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionException;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.store.Position;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One unit of work of a projection on a read-model database: holds the write connection from its
 * start to its commit or rollback, so the handler's writes and the checkpoint commit together.
 */
public final class ReadModelTransaction implements CheckpointStore.Transaction<SqlContext> {

    /** A step on the session that may fail with SQL. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws SQLException;
    }

    private final ProjectionId id;
    private final SqlSession session;
    private final Runnable onEnd;
    private final JdbcSqlContext context;
    private boolean ended;

    /**
     * A unit of work of {@code id} on {@code session}, whose connection is not in auto-commit mode and
     * belongs to this transaction until it ends; {@code onEnd} runs once it committed or rolled back
     * (to hand the connection on).
     */
    public ReadModelTransaction(ProjectionId id, SqlSession session, Runnable onEnd) {
        this.id = id;
        this.session = session;
        this.onEnd = onEnd;
        this.context = session.context(id);
    }

    @Override
    public SqlContext context() {
        return context;
    }

    @Override
    public Optional<Checkpoints> checkpoints(ProjectionId projection) {
        return run(() -> session.tables().checkpoints(projection));
    }

    @Override
    public Optional<ProjectionId> active() {
        return run(() -> session.tables().active(id.name()));
    }

    @Override
    public void resetCheckpoints(Checkpoints checkpoints) {
        run(() -> {
            session.tables().resetCheckpoints(id, checkpoints);
            return null;
        });
    }

    @Override
    public void saveCheckpoint(int partition, Position position) {
        run(() -> {
            session.tables().saveCheckpoint(id, partition, position);
            return null;
        });
    }

    @Override
    public void park(ParkedEvent event) {
        run(() -> {
            session.tables().park(event);
            return null;
        });
    }

    @Override
    public boolean unpark(Position position) {
        return run(() -> session.tables().unpark(id, position, position) == 1);
    }

    @Override
    public void activate() {
        run(() -> {
            session.activate(id);
            return null;
        });
    }

    @Override
    public void drop() {
        run(() -> {
            session.drop(id);
            return null;
        });
    }

    @Override
    public void flush() {
        run(() -> {
            context.flush();
            return null;
        });
    }

    @Override
    public boolean deferredWriteFailed() {
        return context.flushFailed();
    }

    @Override
    public void commit() {
        if (ended) {
            throw new IllegalStateException("The transaction of projection '" + id + "' already ended.");
        }
        run(() -> {
            context.flush();
            session.commit();
            return null;
        });
        ended = true;
        onEnd.run();
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            session.rollback();
        } catch (SQLException e) {
            // no transaction left to roll back (SQLite ends it itself on some errors)
        } finally {
            onEnd.run();
        }
    }

    private <T> T run(Step<T> step) {
        try {
            return step.run();
        } catch (SQLException e) {
            throw SqlFailures.translate("The read-model database failed for projection '" + id + "': " + e.getMessage(),
                    e, ProjectionException::new);
        }
    }
}
