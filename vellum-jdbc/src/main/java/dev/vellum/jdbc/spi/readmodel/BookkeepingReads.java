package dev.vellum.jdbc.spi.readmodel;

import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionId;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plain reads of the bookkeeping tables (checkpoints, active versions, parked events), which
 * lock nothing, so they run on any connection: the writer's inside a unit of work, or a read-only
 * one beside it, where they never wait for a batch in progress.
 *
 * <p>The bookkeeping tables key a projection copy by its name and one integer in their
 * {@code version} column: the version for generation 1, as before generations existed, and
 * {@code version + (generation - 1) * 65536} for a rebuilt generation (see decision record 27), so
 * databases written before need no migration.
 */
public final class BookkeepingReads {

    private static final int GENERATION_STRIDE = ProjectionId.MAX_VERSION + 1;

    private BookkeepingReads() {
    }

    /** The key of copy {@code id} in the bookkeeping tables' {@code version} column. */
    static int key(ProjectionId id) {
        return id.version() + (id.generation() - 1) * GENERATION_STRIDE;
    }

    /** The copy of projection {@code name} whose key is {@code key}. */
    static ProjectionId idOf(String name, int key) {
        return new ProjectionId(name, key % GENERATION_STRIDE, key / GENERATION_STRIDE + 1);
    }

    /** A version's saved checkpoints, one per partition; empty when it never started. */
    public static Optional<Checkpoints> checkpoints(Connection c, ProjectionId id) throws SQLException {
        List<Position> positions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT partition, position FROM vellum_projection_checkpoints"
                + " WHERE projection = ? AND version = ? ORDER BY partition")) {
            bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    positions.add(Position.of(rs.getLong(2)));
                }
            }
        }
        return positions.isEmpty() ? Optional.empty() : Optional.of(new Checkpoints(positions));
    }

    /** The copy (version and generation) of projection {@code name} that serves queries. */
    public static Optional<ProjectionId> active(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM vellum_projection_active WHERE projection = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(idOf(name, rs.getInt(1))) : Optional.empty();
            }
        }
    }

    /** A version's parked events, in position order. */
    public static List<ParkedEvent> parkedEvents(Connection c, ProjectionId id) throws SQLException {
        List<ParkedEvent> parked = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT position, stream, type, error, attempts, parked_at"
                + " FROM vellum_parked_events WHERE projection = ? AND version = ? ORDER BY position")) {
            bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parked.add(new ParkedEvent(id, Position.of(rs.getLong(1)), StreamId.of(rs.getString(2)),
                            rs.getString(3), rs.getString(4), rs.getInt(5), Instant.ofEpochMilli(rs.getLong(6))));
                }
            }
        }
        return parked;
    }

    static void bind(PreparedStatement ps, ProjectionId id) throws SQLException {
        ps.setString(1, id.name());
        ps.setInt(2, key(id));
    }
}
