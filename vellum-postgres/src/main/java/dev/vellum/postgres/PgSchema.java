package dev.vellum.postgres;

import dev.vellum.postgres.internal.PgDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables and their versions. Each entry of {@link #migrations} moves the schema one
 * version up and is recorded in {@code schema_version}; a later release appends a migration and
 * never edits an old one. Opening checks the server first: PostgreSQL 13 or newer (for
 * {@code pg_current_snapshot}) with UTF-8 encoding (so every Java string round-trips).
 */
final class PgSchema {

    /** The version this code reads and writes. */
    public static final int CURRENT_VERSION = 2;

    /** First key of every advisory lock the store takes ("VELL"); the second comes from the schema. */
    static final int LOCK_CLASS = 0x56454C4C;

    private static final int MIN_SERVER_VERSION = 130_000;

    private PgSchema() {
    }

    /**
     * Version 1. Positions come from a sequence, handed out by {@code reserve_positions} together
     * with the transaction's reservation key {@code tx}; see decision record 11 for why that pair is
     * taken under a short lock and how readers use {@code tx}. {@code write_batch} writes a decided
     * batch in one statement: positions, events, new stream states, and the check that no state
     * row changed since the batch loaded it (else SQL state 40001, a lost race).
     */
    private static List<String> version1(PgDialect d) {
        String s = d.quoted();
        String key = "hashtext('" + d.schema().replace("'", "''") + "')";
        return List.of(
                """
                CREATE TABLE %1$s.events (position bigint PRIMARY KEY, tx bigint NOT NULL,
                    stream text COLLATE "C" NOT NULL, revision bigint NOT NULL, category text COLLATE "C" NOT NULL,
                    type text COLLATE "C" NOT NULL, event_id uuid NOT NULL, data text NOT NULL, metadata text,
                    recorded_at timestamptz NOT NULL, CONSTRAINT events_stream_revision UNIQUE (stream, revision))"""
                        .formatted(s),
                "CREATE UNIQUE INDEX events_event_id ON %1$s.events (event_id)".formatted(s),
                "CREATE INDEX events_category ON %1$s.events (category, position)".formatted(s),
                """
                CREATE TABLE %1$s.streams (stream text COLLATE "C" PRIMARY KEY, last_revision bigint NOT NULL,
                    readable_from bigint NOT NULL, soft_deleted boolean NOT NULL, tombstoned boolean NOT NULL)"""
                        .formatted(s),
                "CREATE SEQUENCE %1$s.positions AS bigint".formatted(s),
                "CREATE SEQUENCE %1$s.reservation_keys AS bigint".formatted(s),
                """
                CREATE FUNCTION %1$s.reserve_positions(n bigint, notify boolean, OUT tx bigint, OUT last bigint)
                LANGUAGE plpgsql AS $fn$
                BEGIN
                    BEGIN
                        PERFORM pg_advisory_xact_lock(%2$d, %3$s);
                        tx := greatest(pg_current_xact_id()::text::bigint,
                            (SELECT last_value FROM %1$s.reservation_keys));
                        PERFORM setval('%1$s.reservation_keys', tx);
                        last := setval('%1$s.positions', nextval('%1$s.positions') + n - 1);
                        RAISE SQLSTATE 'VLRSV';
                    EXCEPTION WHEN SQLSTATE 'VLRSV' THEN
                        -- ending the block by an error ends its subtransaction: the lock is released
                        -- at once, while the values (and the sequences, never rolled back) are kept
                        NULL;
                    END;
                    IF notify THEN
                        -- delivered when the transaction commits, to every node's listener
                        PERFORM pg_notify('%4$s', '');
                    END IF;
                END
                $fn$""".formatted(s, LOCK_CLASS, key, d.channel().replace("'", "''")),
                """
                CREATE FUNCTION %1$s.write_batch(notify boolean, n bigint, recorded timestamptz, e_row bigint[], e_stream text[],
                    e_revision bigint[], e_category text[], e_type text[], e_id uuid[], e_data text[], e_metadata text[],
                    s_stream text[], s_had boolean[], s_last bigint[], s_from bigint[], s_soft boolean[], s_tomb boolean[],
                    o_last bigint[], o_from bigint[], o_soft boolean[], o_tomb boolean[])
                RETURNS bigint LANGUAGE plpgsql AS $fn$
                DECLARE
                    r record;
                    first bigint := 0;
                    expected int;
                    changed int;
                BEGIN
                    IF n > 0 THEN
                        SELECT * INTO r FROM %1$s.reserve_positions(n, notify);
                        first := r.last - n + 1;
                        INSERT INTO %1$s.events (position, tx, stream, revision, category, type, event_id, data,
                            metadata, recorded_at)
                        SELECT first + u.i, r.tx, u.s, u.v, u.c, u.t, u.id, u.d, u.m, recorded
                        FROM unnest(e_row, e_stream, e_revision, e_category, e_type, e_id, e_data, e_metadata)
                            AS u(i, s, v, c, t, id, d, m);
                    END IF;
                    INSERT INTO %1$s.streams (stream, last_revision, readable_from, soft_deleted, tombstoned)
                    SELECT u.s, u.l, u.f, u.sd, u.tb FROM unnest(s_stream, s_had, s_last, s_from, s_soft, s_tomb)
                        AS u(s, had, l, f, sd, tb) WHERE NOT u.had;
                    SELECT count(*) INTO expected FROM unnest(s_had) AS h(had) WHERE h.had;
                    UPDATE %1$s.streams AS t SET last_revision = u.l, readable_from = u.f, soft_deleted = u.sd,
                        tombstoned = u.tb
                    FROM unnest(s_stream, s_had, s_last, s_from, s_soft, s_tomb, o_last, o_from, o_soft, o_tomb)
                        AS u(s, had, l, f, sd, tb, ol, ofr, osd, otb)
                    WHERE u.had AND t.stream = u.s AND t.last_revision = u.ol AND t.readable_from = u.ofr
                        AND t.soft_deleted = u.osd AND t.tombstoned = u.otb;
                    GET DIAGNOSTICS changed = ROW_COUNT;
                    IF changed <> expected THEN
                        RAISE SQLSTATE '40001' USING MESSAGE = 'a stream state changed while the batch was decided';
                    END IF;
                    RETURN first;
                END
                $fn$""".formatted(s));
    }

    /**
     * Version 2: snapshots, one per stream and state type (see
     * {@link dev.vellum.postgres.internal.PgSnapshotStore}). A cache beside the events: no foreign key,
     * and nothing else reads it.
     */
    private static List<String> version2(PgDialect d) {
        return List.of("""
                CREATE TABLE %1$s.snapshots (stream text COLLATE "C" NOT NULL, state_type text COLLATE "C" NOT NULL,
                    schema_version int NOT NULL, first_revision bigint NOT NULL, revision bigint NOT NULL,
                    event_id uuid NOT NULL, state text NOT NULL, PRIMARY KEY (stream, state_type))"""
                .formatted(d.quoted()));
    }

    private static List<List<String>> migrations(PgDialect d) {
        return List.of(version1(d), version2(d));
    }

    /** Checks the server, then migrates or validates the schema as {@code mode} says. */
    public static void prepare(Connection c, PgDialect d, SchemaMode mode) throws SQLException {
        checkServer(c);
        if (mode == SchemaMode.MIGRATE) {
            migrate(c, d);
        } else {
            validate(c, d);
        }
    }

    private static void checkServer(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, "
                        + "current_setting('server_encoding')")) {
            rs.next();
            if (rs.getInt(1) < MIN_SERVER_VERSION) {
                throw new SchemaValidationException("The PostgreSQL server is version " + rs.getInt(1)
                        + "; the Vellum store needs 13 or newer (for pg_current_snapshot). Upgrade the server.");
            }
            if (!"UTF8".equalsIgnoreCase(rs.getString(2))) {
                throw new SchemaValidationException("The database encoding is " + rs.getString(2)
                        + "; the Vellum store needs UTF8 so that every event round-trips exactly. "
                        + "Create the database with ENCODING 'UTF8'.");
            }
        }
    }

    private static void migrate(Connection c, PgDialect d) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + (LOCK_CLASS + 1) + ", hashtext('"
                    + d.schema().replace("'", "''") + "'))"); // nodes starting together migrate in turn
            st.execute("CREATE SCHEMA IF NOT EXISTS " + d.quoted());
            st.execute("CREATE TABLE IF NOT EXISTS " + d.table("schema_version")
                    + " (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            int version = version(st, d);
            if (version > CURRENT_VERSION) {
                throw newer(d, version);
            }
            List<List<String>> migrations = migrations(d);
            for (int v = version + 1; v <= CURRENT_VERSION; v++) {
                for (String ddl : migrations.get(v - 1)) {
                    st.execute(ddl);
                }
                st.execute("INSERT INTO " + d.table("schema_version") + " (version) VALUES (" + v + ")");
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void validate(Connection c, PgDialect d) throws SQLException {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + d.table("schema_version").replace("'", "''")
                    + "') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new SchemaValidationException("Schema " + d.quoted() + " has no Vellum tables, and the "
                            + "store was opened in VALIDATE mode. Open it once with SchemaMode.MIGRATE (with a role "
                            + "that may create tables), or apply the DDL from the vellum-postgres README.");
                }
            }
            int version = version(st, d);
            if (version > CURRENT_VERSION) {
                throw newer(d, version);
            }
            if (version < CURRENT_VERSION) {
                throw new SchemaValidationException("Schema " + d.quoted() + " is at Vellum schema version " + version
                        + " but this Vellum needs version " + CURRENT_VERSION + ", and the store was opened in "
                        + "VALIDATE mode. Open it once with SchemaMode.MIGRATE to migrate it.");
            }
        }
    }

    private static int version(Statement st, PgDialect d) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM " + d.table("schema_version"))) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static SchemaValidationException newer(PgDialect d, int version) {
        return new SchemaValidationException("Schema " + d.quoted() + " is at Vellum schema version " + version
                + " but this Vellum knows versions up to " + CURRENT_VERSION
                + ": it was written by a newer Vellum. Upgrade Vellum to open it.");
    }
}
