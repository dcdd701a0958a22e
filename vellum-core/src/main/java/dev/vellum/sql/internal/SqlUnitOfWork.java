package dev.vellum.sql.internal;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.BiFunction;

/**
 * Runs bookkeeping SQL (timers, the side-effect outbox) in a transaction of a SQL read-model
 * database, through the same transactions projections use: the database's one writer connection,
 * taken in turn, with statements cached per owner. Each feature is an owner, named like a
 * projection, so its prepared statements are kept apart. Reads an operator asks for go through
 * the database's {@link SqlReadModel#readers() readers} instead, so they never wait for a batch.
 */
public final class SqlUnitOfWork {

    /** SQL that runs in the unit of work. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs; the unit of work commits when it returns. */
        T run(SqlContext sql) throws SQLException;
    }

    /** SQL that reads on a connection of the database's readers. */
    @FunctionalInterface
    public interface Read<T> {
        /** Reads; the connection is closed when it returns. */
        T run(Connection reader) throws SQLException;
    }

    private final SqlReadModel database;
    private final ProjectionId owner;
    private final BiFunction<String, SQLException, RuntimeException> failure;

    /**
     * @param database the read-model database
     * @param owner the name the statements are cached under
     * @param failure turns an SQL error while doing something into the feature's typed exception
     */
    public SqlUnitOfWork(SqlReadModel database, ProjectionId owner,
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

    /** Runs {@code read} on a reader connection of its own, which sees the last commit and never waits for the writer. */
    public <T> T read(String what, Read<T> read) {
        try (Connection reader = database.readers().getConnection()) {
            return read.run(reader);
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
