package dev.vellum.postgres.internal;

import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.snapshot.Snapshot;
import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Snapshots in the event store's own schema, table {@code snapshots}. Each call is one statement
 * on a pooled connection in auto-commit: unlike SQLite, PostgreSQL takes concurrent writers, so a
 * save needs no group-commit writer. Which snapshot is kept ({@link Snapshot#replaces}) is the
 * {@code WHERE} of the upsert; PostgreSQL evaluates it on the row's latest version under the row
 * lock, so concurrent savers cannot move a snapshot back.
 */
public final class PgSnapshotStore implements SnapshotStore {

    private final String name;
    private final DataSource dataSource;
    private final BooleanSupplier closed;
    private final String select;
    private final String upsert;
    private final String delete;

    /**
     * Snapshots in the schema of {@code dialect}.
     *
     * @param closed true once the event store they belong to is closed
     */
    public PgSnapshotStore(String name, DataSource dataSource, PgDialect dialect, BooleanSupplier closed) {
        this.name = name;
        this.dataSource = dataSource;
        this.closed = closed;
        String table = dialect.table("snapshots");
        this.select = "SELECT schema_version, first_revision, revision, event_id, state FROM " + table
                + " WHERE stream = ? AND state_type = ?";
        this.upsert = """
                INSERT INTO %1$s AS kept (stream, state_type, schema_version, first_revision, revision, event_id, state)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (stream, state_type) DO UPDATE SET schema_version = excluded.schema_version,
                    first_revision = excluded.first_revision, revision = excluded.revision,
                    event_id = excluded.event_id, state = excluded.state
                WHERE excluded.schema_version <> kept.schema_version OR excluded.revision > kept.revision"""
                .formatted(table);
        this.delete = "DELETE FROM " + table + " WHERE stream = ?";
    }

    @Override
    public Optional<Snapshot> load(StreamId stream, String stateType) {
        Objects.requireNonNull(stream, "stream");
        Snapshot.checkStateType(stateType);
        return run("Loading a snapshot", select, ps -> {
            ps.setString(1, stream.value());
            ps.setString(2, stateType);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Snapshot(stream, stateType, rs.getInt(1), rs.getLong(2), rs.getLong(3),
                        rs.getObject(4, UUID.class), rs.getString(5)));
            }
        });
    }

    @Override
    public void save(Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        run("Saving a snapshot", upsert, ps -> {
            ps.setString(1, snapshot.stream().value());
            ps.setString(2, snapshot.stateType());
            ps.setInt(3, snapshot.schemaVersion());
            ps.setLong(4, snapshot.firstRevision());
            ps.setLong(5, snapshot.revision());
            ps.setObject(6, snapshot.eventId());
            ps.setString(7, snapshot.state());
            return ps.executeUpdate();
        });
    }

    @Override
    public void delete(StreamId stream) {
        Objects.requireNonNull(stream, "stream");
        run("Deleting snapshots", delete, ps -> {
            ps.setString(1, stream.value());
            return ps.executeUpdate();
        });
    }

    @FunctionalInterface
    private interface Statement<T> {
        T run(PreparedStatement ps) throws SQLException;
    }

    private <T> T run(String action, String sql, Statement<T> statement) {
        if (closed.getAsBoolean()) {
            throw new StoreClosedException(name);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true); // one statement, its own transaction
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                return statement.run(ps);
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(action + " in the PostgreSQL event store " + name + " failed: " + e.getMessage()
                    + ". Check that the database is reachable; snapshots are only an optimisation.", e, VellumException::new);
        }
    }
}
