package dev.vellum.jdbc.spi.readmodel;

import dev.vellum.jdbc.internal.readmodel.SqlNames;
import dev.vellum.jdbc.internal.readmodel.StatementCache;
import dev.vellum.projection.InvalidProjectionException;
import dev.vellum.projection.ProjectionId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One connection that writes read models, with what goes with it: the bookkeeping tables'
 * statements, the handlers' statement cache, and the operations on a version's tables and views.
 * Used by one thread at a time, inside a transaction its owner opened.
 */
public final class SqlSession implements AutoCloseable {

    private final Connection connection;
    private final ReadModelDialect dialect;
    private final ProjectionTables tables;
    private final StatementCache statements;
    private final Map<String, PreparedStatement> control = new HashMap<>();

    public SqlSession(Connection connection, ReadModelDialect dialect) throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.tables = new ProjectionTables(connection);
        this.statements = new StatementCache(connection);
    }

    /**
     * Runs a statement that controls a savepoint ({@code SAVEPOINT x}, {@code RELEASE x}, ...),
     * prepared once.
     */
    public void control(String sql) throws SQLException {
        PreparedStatement ps = control.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            control.put(sql, ps);
        }
        ps.execute();
    }

    /** Commits the unit of work on a connection that is not in auto-commit mode. */
    public void commit() throws SQLException {
        connection.commit();
    }

    /**
     * Rolls the unit of work back on a connection that is not in auto-commit mode, and closes the
     * handlers' cached statements, which are prepared again on their next use: the driver may leave
     * a statement whose step failed unusable (sqlite-jdbc after {@code SQLITE_FULL} answers every later
     * execution with "statement is not executing").
     *
     * <p>When the rollback itself fails, the connection's transaction state is set again by turning
     * auto-commit on and off: SQLite ends a transaction by itself on some errors (a {@code COMMIT}
     * that met a full disk), and sqlite-jdbc, whose {@code commit} and {@code rollback} open the next
     * transaction only when they succeed, would otherwise run the next unit of work in auto-commit
     * mode unawares, each statement committing on its own, apart from the checkpoint.
     */
    public void rollback() throws SQLException {
        statements.close();
        try {
            connection.rollback();
        } catch (SQLException e) {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ended) {
                e.addSuppressed(ended); // sqlite-jdbc's COMMIT finds no transaction, and is in auto-commit all the same
            }
            try {
                connection.setAutoCommit(false);
            } catch (SQLException lost) {
                e.addSuppressed(lost); // a connection that is gone; its pool or owner replaces it
            }
            throw e;
        }
    }

    public Connection connection() {
        return connection;
    }

    public ProjectionTables tables() {
        return tables;
    }

    public StatementCache statements() {
        return statements;
    }

    /**
     * Creates version {@code id}'s table {@code name} and records it.
     *
     * @throws InvalidProjectionException when another projection, or a table not made by a projection, has the name
     */
    public void createTable(ProjectionId id, String name, String definition) throws SQLException {
        SqlNames.check(name);
        Optional<String> owner = tables.otherOwner(id, name);
        if (owner.isPresent() || isPlainTable(name)) {
            throw new InvalidProjectionException("Projection '" + id + "' wants a table '" + name + "', but "
                    + owner.map(o -> "projection '" + o + "' has one").orElse("a table of that name exists")
                    + ". Give the read-model table another name.");
        }
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE " + SqlNames.versioned(name, id) + " " + definition);
        }
        tables.addTable(id, name);
    }

    private boolean isPlainTable(String name) throws SQLException {
        try (var ps = connection.prepareStatement(dialect.plainTableQuery())) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Makes {@code id} the active copy: its tables get views under their plain names (replacing
     * the previous copy's views), in the caller's transaction, so readers switch at its commit.
     */
    public void activate(ProjectionId id) throws SQLException {
        Optional<ProjectionId> previous = tables.active(id.name());
        Set<String> names = new LinkedHashSet<>(tables.tables(id));
        Set<String> stale = new LinkedHashSet<>();
        if (previous.isPresent() && !previous.get().equals(id)) {
            stale.addAll(tables.tables(previous.get()));
        }
        try (Statement st = connection.createStatement()) {
            for (String name : union(names, stale)) {
                st.execute("DROP VIEW IF EXISTS " + name);
            }
            for (String name : names) {
                st.execute("CREATE VIEW " + name + " AS SELECT * FROM " + SqlNames.versioned(name, id));
            }
        }
        tables.setActive(id);
    }

    /** Drops version {@code id}'s tables (and its views if it is active), checkpoints and parked events. */
    public void drop(ProjectionId id) throws SQLException {
        statements.forget(id);
        boolean active = tables.active(id.name()).equals(Optional.of(id));
        try (Statement st = connection.createStatement()) {
            for (String name : tables.tables(id)) {
                if (active) {
                    st.execute("DROP VIEW IF EXISTS " + name);
                }
                st.execute("DROP TABLE IF EXISTS " + SqlNames.versioned(name, id));
            }
        }
        if (active) {
            tables.clearActive(id);
        }
        tables.forget(id);
    }

    private static List<String> union(Set<String> a, Set<String> b) {
        List<String> all = new ArrayList<>(a);
        b.stream().filter(n -> !a.contains(n)).forEach(all::add);
        return all;
    }

    /** A context a handler of {@code id} writes through on this connection, for one transaction. */
    public JdbcSqlContext context(ProjectionId id) {
        return new JdbcSqlContext(id, this);
    }

    @Override
    public void close() {
        statements.close();
        tables.close();
        for (PreparedStatement ps : control.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection closes next
            }
        }
    }
}
