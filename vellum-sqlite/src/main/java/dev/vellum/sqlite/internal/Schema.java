package dev.vellum.sqlite.internal;

import dev.vellum.store.VellumException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database schema and its versions. Each entry of {@link #MIGRATIONS} moves the schema one
 * version up; the versions applied are recorded in {@code schema_version}, so a later release adds
 * a migration at the end of the list and never edits an old one.
 */
final class Schema {

    /** Version 1: the events, the state of each stream. */
    private static final List<String> V1 = List.of(
            """
            CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL,
                category TEXT NOT NULL, type TEXT NOT NULL, event_id TEXT NOT NULL, data TEXT NOT NULL,
                metadata TEXT, recorded_at INTEGER NOT NULL, UNIQUE (stream, revision))""",
            "CREATE UNIQUE INDEX events_event_id ON events (event_id)",
            "CREATE INDEX events_category ON events (category, position)",
            """
            CREATE TABLE streams (stream TEXT PRIMARY KEY, last_revision INTEGER NOT NULL,
                readable_from INTEGER NOT NULL, soft_deleted INTEGER NOT NULL, tombstoned INTEGER NOT NULL)
                WITHOUT ROWID""");

    /** Version 2: snapshots, one per stream and state type (see {@link SqliteSnapshotStore}). */
    private static final List<String> V2 = List.of("""
            CREATE TABLE snapshots (stream TEXT NOT NULL, state_type TEXT NOT NULL, schema_version INTEGER NOT NULL,
                first_revision INTEGER NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL, state TEXT NOT NULL,
                PRIMARY KEY (stream, state_type))""");

    private static final List<List<String>> MIGRATIONS = List.of(V1, V2);

    /** The version this code writes and reads. */
    static final int CURRENT_VERSION = MIGRATIONS.size();

    private Schema() {
    }

    /** Brings the schema up to {@link #CURRENT_VERSION} in one write transaction. */
    static void migrate(Connection connection, String file) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            try {
                st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        + "applied_at INTEGER NOT NULL)");
                int version;
                try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                    version = rs.getInt(1);
                }
                if (version > CURRENT_VERSION) {
                    throw new VellumException("The SQLite event store '" + file + "' has schema version " + version
                            + " but this Vellum knows versions up to " + CURRENT_VERSION
                            + ": it was written by a newer Vellum. Upgrade Vellum to open it.");
                }
                for (int v = version + 1; v <= CURRENT_VERSION; v++) {
                    for (String ddl : MIGRATIONS.get(v - 1)) {
                        st.execute(ddl);
                    }
                    st.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + v + ", "
                            + System.currentTimeMillis() + ")");
                }
                st.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                st.execute("ROLLBACK");
                throw e;
            }
        }
    }
}
