package dev.vellum.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The statements on {@code vellum_leases}, one row per lease: its owner, a fencing token that grows
 * with each new owner, and when it expires. Times are the database server's, so nodes' clocks do not
 * matter. The table lives in the read models' schema: a unit of work checks its lease in its own
 * transaction ({@link #fence}), which is what makes a take-over safe.
 */
public final class LeaseTable {

    private static final String DDL = """
            CREATE TABLE IF NOT EXISTS vellum_leases (name text PRIMARY KEY, owner text NOT NULL,
                token bigint NOT NULL, expires_at timestamptz NOT NULL)""";

    private LeaseTable() {
    }

    /** Creates the table when missing (under an advisory lock, so nodes starting at once do not race). */
    public static void create(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.vellum_leases'))");
            st.execute(DDL);
            c.commit();
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * Takes lease {@code name} for {@code owner} when nobody holds it or its holder let it expire;
     * returns the new fencing token, or empty when another owner holds it. Waits for units of work of
     * the previous owner still in flight (they hold the row with {@link #fence}), so the new owner
     * reads their commits.
     */
    public static OptionalLong acquire(Connection c, String name, String owner, Duration ttl) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO vellum_leases AS l (name, owner, token, expires_at)
                VALUES (?, ?, 1, clock_timestamp() + ? * interval '1 millisecond')
                ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, token = l.token + 1,
                    expires_at = excluded.expires_at
                WHERE l.expires_at < clock_timestamp()
                RETURNING token""")) {
            ps.setString(1, name);
            ps.setString(2, owner);
            ps.setLong(3, ttl.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Extends lease {@code name} held by {@code owner} with {@code token}; false when it is no longer theirs. */
    public static boolean renew(Connection c, String name, String owner, long token, Duration ttl) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE vellum_leases SET expires_at = clock_timestamp()"
                + " + ? * interval '1 millisecond' WHERE name = ? AND owner = ? AND token = ?")) {
            ps.setLong(1, ttl.toMillis());
            ps.setString(2, name);
            ps.setString(3, owner);
            ps.setLong(4, token);
            return ps.executeUpdate() == 1;
        }
    }

    /** Lets lease {@code name} go at once, if {@code owner} still holds it with {@code token}. */
    public static void release(Connection c, String name, String owner, long token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE vellum_leases SET expires_at = '-infinity'"
                + " WHERE name = ? AND owner = ? AND token = ?")) {
            ps.setString(1, name);
            ps.setString(2, owner);
            ps.setLong(3, token);
            ps.executeUpdate();
        }
    }

    /**
     * In the caller's transaction: true when {@code owner} still holds lease {@code name} with
     * {@code token}, and then keeps the row share-locked until the transaction ends, so no other
     * owner can take the lease (and read the checkpoint) before this transaction committed.
     */
    public static boolean fence(Connection c, String name, String owner, long token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM vellum_leases WHERE name = ? AND owner = ?"
                + " AND token = ? FOR SHARE")) {
            ps.setString(1, name);
            ps.setString(2, owner);
            ps.setLong(3, token);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
