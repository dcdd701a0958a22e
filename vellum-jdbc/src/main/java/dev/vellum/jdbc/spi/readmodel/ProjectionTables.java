package dev.vellum.jdbc.spi.readmodel;

import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionId;
import dev.vellum.store.Position;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bookkeeping tables kept beside read models in the same database, and their statements on
 * one connection: each version's checkpoints (one row per partition), the active version of each
 * projection, the tables each version created, and parked events. They live in the same
 * transaction as the read models' own writes, which is what makes projections exactly once.
 */
public final class ProjectionTables implements AutoCloseable {

    private final Connection c;
    private final PreparedStatement lockCheckpoints;
    private final PreparedStatement updateCheckpoint;
    private final List<PreparedStatement> all = new ArrayList<>();

    public ProjectionTables(Connection c) throws SQLException {
        this.c = c;
        this.lockCheckpoints = track(c.prepareStatement("UPDATE vellum_projection_checkpoints SET position = position"
                + " WHERE projection = ? AND version = ?"));
        this.updateCheckpoint = track(c.prepareStatement("UPDATE vellum_projection_checkpoints SET position = ?,"
                + " updated_at = ? WHERE projection = ? AND version = ? AND partition = ?"));
    }

    /** Creates the bookkeeping tables of {@code dialect} on {@code c} when missing, in the caller's transaction. */
    public static void create(Connection c, ReadModelDialect dialect) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String ddl : dialect.bookkeepingDdl()) {
                st.execute(ddl);
            }
        }
    }

    private PreparedStatement track(PreparedStatement ps) {
        all.add(ps);
        return ps;
    }

    /**
     * A version's checkpoints, locked until the caller's transaction ends: a version that reads
     * another's checkpoints to take over from it then sees its last commit, and that version's
     * next batch waits for the take-over (on PostgreSQL, where batches of two versions run at once).
     */
    public Optional<Checkpoints> checkpoints(ProjectionId id) throws SQLException {
        BookkeepingReads.bind(lockCheckpoints, id);
        lockCheckpoints.executeUpdate();
        return BookkeepingReads.checkpoints(c, id);
    }

    public void resetCheckpoints(ProjectionId id, Checkpoints checkpoints) throws SQLException {
        int key = BookkeepingReads.key(id);
        update("DELETE FROM vellum_projection_checkpoints WHERE projection = ? AND version = ?", id.name(), key);
        for (int k = 0; k < checkpoints.partitions(); k++) {
            update("INSERT INTO vellum_projection_checkpoints (projection, version, partition, position, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?)", id.name(), key, k, checkpoints.of(k).value(),
                    System.currentTimeMillis());
        }
    }

    public void saveCheckpoint(ProjectionId id, int partition, Position position) throws SQLException {
        updateCheckpoint.setLong(1, position.value());
        updateCheckpoint.setLong(2, System.currentTimeMillis());
        updateCheckpoint.setString(3, id.name());
        updateCheckpoint.setInt(4, BookkeepingReads.key(id));
        updateCheckpoint.setInt(5, partition);
        if (updateCheckpoint.executeUpdate() != 1) {
            throw new SQLException("No checkpoint row for partition " + partition + " of projection '" + id + "'");
        }
    }

    public Optional<ProjectionId> active(String name) throws SQLException {
        return BookkeepingReads.active(c, name);
    }

    public void setActive(ProjectionId id) throws SQLException {
        update("INSERT INTO vellum_projection_active (projection, version, activated_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (projection) DO UPDATE SET version = excluded.version, activated_at = excluded.activated_at",
                id.name(), BookkeepingReads.key(id), System.currentTimeMillis());
    }

    public void clearActive(ProjectionId id) throws SQLException {
        update("DELETE FROM vellum_projection_active WHERE projection = ? AND version = ?", id.name(),
                BookkeepingReads.key(id));
    }

    /** The plain names of the tables {@code id} created. */
    public List<String> tables(ProjectionId id) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name FROM vellum_projection_tables WHERE projection = ? AND version = ? ORDER BY name")) {
            BookkeepingReads.bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** The projection other than {@code id}'s that owns the plain name {@code name}, if any. */
    public Optional<String> otherOwner(ProjectionId id, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT projection FROM vellum_projection_tables WHERE name = ? AND projection <> ? LIMIT 1")) {
            ps.setString(1, name);
            ps.setString(2, id.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public void addTable(ProjectionId id, String name) throws SQLException {
        update("INSERT INTO vellum_projection_tables (projection, version, name) VALUES (?, ?, ?)"
                + " ON CONFLICT (projection, version, name) DO NOTHING",
                id.name(), BookkeepingReads.key(id), name);
    }

    public List<ParkedEvent> parkedEvents(ProjectionId id) throws SQLException {
        return BookkeepingReads.parkedEvents(c, id);
    }

    public void park(ParkedEvent e) throws SQLException {
        update("INSERT INTO vellum_parked_events (projection, version, position, stream, type, error,"
                + " attempts, parked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (projection, version, position)"
                + " DO UPDATE SET stream = excluded.stream, type = excluded.type, error = excluded.error,"
                + " attempts = excluded.attempts, parked_at = excluded.parked_at", e.projection().name(), BookkeepingReads.key(e.projection()),
                e.position().value(), e.stream().value(), e.type(), e.error(), e.attempts(), e.parkedAt().toEpochMilli());
    }

    /** Removes parked events of {@code id} at or before {@code upTo}; returns how many. */
    public int unpark(ProjectionId id, Position from, Position upTo) throws SQLException {
        return update("DELETE FROM vellum_parked_events WHERE projection = ? AND version = ? AND position >= ?"
                + " AND position <= ?", id.name(), BookkeepingReads.key(id), from.value(), upTo.value());
    }

    /** Forgets everything about {@code id} except whether it is active. */
    public void forget(ProjectionId id) throws SQLException {
        for (String table : List.of("vellum_projection_checkpoints", "vellum_projection_tables", "vellum_parked_events")) {
            update("DELETE FROM " + table + " WHERE projection = ? AND version = ?", id.name(), BookkeepingReads.key(id));
        }
    }

    private int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            return ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        for (PreparedStatement ps : all) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection closes next
            }
        }
    }
}
