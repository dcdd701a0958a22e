package dev.vellum.projection.sql;

import dev.vellum.projection.ProjectionContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The transaction a SQL read model's handler writes through: the same JDBC transaction that saves
 * the projection's checkpoint, so each event is applied exactly once. Stores with SQL read models
 * implement it ({@code SqliteReadModel} in {@code vellum-sqlite}).
 *
 * <p><b>Versioned tables.</b> Each version of a projection has its own tables, so a new version can
 * be built while the old one serves queries. Handlers and setup name a table in braces,
 * {@code {order_summary}}, and get the current version's table, {@code order_summary_v2}. Queries
 * use the plain name, {@code order_summary}: a view over the active version's table, switched
 * atomically when a new version takes over.
 *
 * <pre>{@code
 * .setup(sql -> sql.createTable("order_summary",
 *         "(order_id TEXT PRIMARY KEY, customer TEXT NOT NULL, amount TEXT NOT NULL, status TEXT NOT NULL)"))
 * .handler((sql, event) -> sql.update(
 *         "INSERT INTO {order_summary} (order_id, customer, amount, status) VALUES (?, ?, ?, 'placed')",
 *         placed.orderId(), placed.customer(), placed.amount().toPlainString()))
 * }</pre>
 *
 * <p>Do not commit, roll back or close the connection: the runner does. Statements prepared
 * through {@link #prepare} are cached for the connection's life; do not close them either.
 */
public interface SqlContext extends ProjectionContext {

    /** The transaction's connection, for what the helpers below do not cover. */
    Connection connection();

    /**
     * The name of this version's table {@code name}, e.g. {@code order_summary_v2}.
     *
     * @throws dev.vellum.projection.InvalidProjectionException when {@code name} is not a lower-case
     *     SQL identifier of at most 50 characters ({@code [a-z][a-z0-9_]*})
     */
    String table(String name);

    /**
     * Creates this version's table {@code name} with {@code definition} (the column list in
     * parentheses, and table options), and records it as part of this version's read model: it gets
     * a view under the plain name when the version is active, and is dropped with the version.
     * Call it from the projection's setup.
     */
    void createTable(String name, String definition) throws SQLException;

    /**
     * Runs a statement without parameters, e.g. {@code CREATE INDEX {order_summary}_by_customer ON
     * {order_summary} (customer)}; names in braces become this version's tables.
     */
    void execute(String sql) throws SQLException;

    /** Prepares {@code sql} (names in braces become this version's tables), cached per connection. */
    PreparedStatement prepare(String sql) throws SQLException;

    /**
     * Prepares {@code sql}, binds {@code parameters} in order ({@code setObject}) and runs it.
     *
     * @return the number of rows changed
     */
    int update(String sql, Object... parameters) throws SQLException;

    /**
     * Prepares {@code sql}, binds {@code parameters} in order ({@code setObject}) and adds the row to
     * the statement's JDBC batch instead of running it: the batch runs (one {@code executeBatch})
     * before the transaction commits, and before any other statement this context runs or hands out
     * ({@link #update}, {@link #execute}, {@link #prepare}, {@link #connection}, {@link #createTable},
     * a batch of another SQL text), so the writes keep their order. For handlers that write one row
     * per event: the rows of a whole transaction's events go to the database together.
     *
     * <p>A batched row that fails fails the transaction, and the runner cannot tell from the batch
     * which event's row it was: it rolls the transaction back and applies its events again one per
     * transaction, so the projection's retries and error policy meet the right event. The number of
     * rows changed is not reported; use {@link #update} when the handler needs it.
     *
     * <p>A context that does not batch (a store written before this method) runs the row at once,
     * as {@link #update} does: the same writes in the same order, one statement each.
     */
    default void batch(String sql, Object... parameters) throws SQLException {
        update(sql, parameters);
    }
}
