package dev.vellum.sql.internal;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.sql.SqlContext;
import java.sql.SQLException;
import java.util.function.BiFunction;

/**
 * Runs bookkeeping SQL (timers, the side-effect outbox) in a transaction of a SQL read-model
 * database, through the same transactions projections use: the database's one writer connection,
 * taken in turn, with statements cached per owner. Each feature is an owner, named like a
 * projection, so its prepared statements are kept apart.
 */
public final class SqlUnitOfWork {

    /** SQL that runs in the unit of work. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs; the unit of work commits when it returns. */
        T run(SqlContext sql) throws SQLException;
    }

    private final CheckpointStore<SqlContext> database;
    private final ProjectionId owner;
    private final BiFunction<String, SQLException, RuntimeException> failure;

    /**
     * @param database the read-model database
     * @param owner the name the statements are cached under
     * @param failure turns an SQL error while doing something into the feature's typed exception
     */
    public SqlUnitOfWork(CheckpointStore<SqlContext> database, ProjectionId owner,
            BiFunction<String, SQLException, RuntimeException> failure) {
        this.database = database;
        this.owner = owner;
        this.failure = failure;
    }

    /** Runs {@code work} in a transaction of its own and commits it. */
    public <T> T run(String what, Work<T> work) {
        try (CheckpointStore.Transaction<SqlContext> tx = database.begin(owner)) {
            T result = work.run(tx.context());
            tx.commit();
            return result;
        } catch (SQLException e) {
            throw failure.apply(what, e);
        }
    }

    /** Runs {@code work} inside a transaction someone else opened (a subscriber's checkpoint transaction). */
    public <T> T runIn(SqlContext sql, String what, Work<T> work) {
        try {
            return work.run(sql);
        } catch (SQLException e) {
            throw failure.apply(what, e);
        }
    }
}
