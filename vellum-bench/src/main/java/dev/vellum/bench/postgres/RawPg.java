package dev.vellum.bench.postgres;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.scenario.BenchShape;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * The raw pgjdbc side: a table of the same shape as Vellum's {@code events} (the same columns and
 * types, the same unique {@code (stream, revision)}, {@code event_id} and category indexes, a
 * {@code bigserial} position), in a fresh schema per run, and the plain inserts the baselines make.
 */
final class RawPg {

    private RawPg() {
    }

    /** Creates the table in a fresh schema and returns the schema's name. */
    static String createTable(Connection c) throws SQLException {
        String schema = PgServer.freshSchema();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
            st.execute("CREATE TABLE " + schema + ".events (position bigserial PRIMARY KEY, tx bigint NOT NULL,"
                    + " stream text COLLATE \"C\" NOT NULL, revision bigint NOT NULL, category text COLLATE \"C\" NOT NULL,"
                    + " type text COLLATE \"C\" NOT NULL, event_id uuid NOT NULL, data text NOT NULL, metadata text,"
                    + " recorded_at timestamptz NOT NULL, UNIQUE (stream, revision))");
            st.execute("CREATE UNIQUE INDEX ON " + schema + ".events (event_id)");
            st.execute("CREATE INDEX ON " + schema + ".events (category, position)");
        }
        return schema;
    }

    /** Creates the table in a fresh schema, on a connection of its own, and returns the schema's name. */
    static String createTable() throws SQLException {
        try (Connection c = PgServer.dataSource().getConnection()) {
            return createTable(c);
        }
    }

    /** A connection for inserting into the table, out of auto-commit: its caller commits. */
    static Connection writeConnection() throws SQLException {
        Connection c = PgServer.dataSource().getConnection();
        c.setAutoCommit(false);
        return c;
    }

    /** A prepared insert of one event into {@code schema}'s table. */
    static PreparedStatement prepareInsert(Connection c, String schema) throws SQLException {
        return c.prepareStatement("INSERT INTO " + schema + ".events (tx, stream, revision, category, type, event_id,"
                + " data, metadata, recorded_at) VALUES (0, ?, ?, ?, ?, ?, ?, NULL, ?)");
    }

    /** Binds one new random benchmark event at {@code revision} of {@code stream}. */
    static void bind(PreparedStatement insert, String stream, long revision) throws SQLException {
        insert.setString(1, stream);
        insert.setLong(2, revision);
        insert.setString(3, OrderEvents.CATEGORY);
        insert.setString(4, OrderEvents.TYPE);
        insert.setObject(5, OrderEvents.randomId());
        insert.setString(6, OrderEvents.randomData());
        insert.setTimestamp(7, new Timestamp(System.currentTimeMillis()));
    }

    /** Inserts revisions 0 to {@code count - 1} of {@code stream} in one batch and one commit. */
    static void insertBatch(Connection c, PreparedStatement insert, String stream, int count) throws SQLException {
        for (int revision = 0; revision < count; revision++) {
            bind(insert, stream, revision);
            insert.addBatch();
        }
        insert.executeBatch();
        c.commit();
    }

    /** Fills {@code schema}'s table with {@code events} events in streams of {@link BenchShape#BATCH}. */
    static void fill(Connection c, String schema, int events) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement insert = prepareInsert(c, schema)) {
            for (int stream = 1; stream * BenchShape.BATCH <= events; stream++) {
                insertBatch(c, insert, OrderEvents.streamName(stream), BenchShape.BATCH);
            }
        } finally {
            c.setAutoCommit(true);
        }
    }
}
