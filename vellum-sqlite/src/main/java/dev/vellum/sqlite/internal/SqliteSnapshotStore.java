package dev.vellum.sqlite.internal;

import dev.vellum.snapshot.Snapshot;
import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.store.StreamId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Snapshots in the event store's own database file, table {@code snapshots}. Writes go through the
 * store's group-commit writer like appends do (there is one write connection per file, owned by
 * that thread), so a snapshot save shares a transaction and an fsync with concurrent appends;
 * reads use the store's read pool. The rule for which snapshot is kept ({@link Snapshot#replaces})
 * is the {@code WHERE} of the upsert, so concurrent savers cannot move a snapshot back.
 */
public final class SqliteSnapshotStore implements SnapshotStore {

    private static final String SELECT = "SELECT schema_version, first_revision, revision, event_id, state "
            + "FROM snapshots WHERE stream = ? AND state_type = ?";
    private static final String UPSERT = """
            INSERT INTO snapshots (stream, state_type, schema_version, first_revision, revision, event_id, state)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (stream, state_type) DO UPDATE SET schema_version = excluded.schema_version,
                first_revision = excluded.first_revision, revision = excluded.revision,
                event_id = excluded.event_id, state = excluded.state
            WHERE excluded.schema_version <> snapshots.schema_version OR excluded.revision > snapshots.revision""";
    private static final String DELETE = "DELETE FROM snapshots WHERE stream = ?";

    private final SqliteEngine engine;

    /** Snapshots in the database of {@code engine}. */
    public SqliteSnapshotStore(SqliteEngine engine) {
        this.engine = engine;
    }

    @Override
    public Optional<Snapshot> load(StreamId stream, String stateType) {
        Objects.requireNonNull(stream, "stream");
        Snapshot.checkStateType(stateType);
        return engine.read(c -> {
            PreparedStatement ps = c.prepare(SELECT);
            ps.setString(1, stream.value());
            ps.setString(2, stateType);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Snapshot(stream, stateType, rs.getInt(1), rs.getLong(2), rs.getLong(3),
                        UUID.fromString(rs.getString(4)), rs.getString(5)));
            }
        });
    }

    @Override
    public void save(Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        engine.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setString(1, snapshot.stream().value());
                ps.setString(2, snapshot.stateType());
                ps.setInt(3, snapshot.schemaVersion());
                ps.setLong(4, snapshot.firstRevision());
                ps.setLong(5, snapshot.revision());
                ps.setString(6, snapshot.eventId().toString());
                ps.setString(7, snapshot.state());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void delete(StreamId stream) {
        Objects.requireNonNull(stream, "stream");
        engine.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(DELETE)) {
                ps.setString(1, stream.value());
                return ps.executeUpdate();
            }
        });
    }
}
