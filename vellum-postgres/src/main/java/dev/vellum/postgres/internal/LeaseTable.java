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
 *
 * <p>Locks: a unit of work holds its lease row {@code FOR KEY SHARE} until it commits. A renewal
 * changes only the expiry (a no-key update), which that lock does not block, so an owner's renewals
 * never wait for its own units of work. A take-over locks the row {@code FOR UPDATE SKIP LOCKED},
 * which that lock does block: it is not made while a unit of work of the former owner is in flight,
 * and it never waits for one either (it tries again at the next tick). Every statement here runs in a
 * transaction bounded by {@code lock_timeout} and {@code statement_timeout} (a third of the ttl), so a
 * lease check never hangs on the database for longer than the lease lasts.
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

    /** A step run in a transaction of its own, bounded in time. */
    @FunctionalInterface
    private interface Step<T> {
        T run(Connection c) throws SQLException;
    }

    private static <T> T bounded(Connection c, Duration ttl, Step<T> step) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            long bound = Math.max(50, ttl.toMillis() / 3);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)")) {
                ps.setString(1, bound + "ms");
                ps.setString(2, bound + "ms");
                ps.execute();
            }
            T result = step.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; the pool replaces it
            }
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * Takes lease {@code name} for {@code owner} when nobody holds it or its holder let it expire and
     * no unit of work of the holder is in flight; returns the new fencing token, or empty otherwise.
     * Never waits on the lease row; the new expiry is counted from the moment of the grant.
     */
    public static OptionalLong acquire(Connection c, String name, String owner, Duration ttl) throws SQLException {
        return bounded(c, ttl, tx -> {
            try (PreparedStatement ps = tx.prepareStatement("""
                    INSERT INTO vellum_leases (name, owner, token, expires_at)
                    VALUES (?, ?, 1, clock_timestamp() + ? * interval '1 millisecond')
                    ON CONFLICT (name) DO NOTHING RETURNING token""")) {
                ps.setString(1, name);
                ps.setString(2, owner);
                ps.setLong(3, ttl.toMillis());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return OptionalLong.of(rs.getLong(1));
                    }
                }
            }
            try (PreparedStatement ps = tx.prepareStatement("""
                    UPDATE vellum_leases AS l SET owner = ?, token = l.token + 1,
                        expires_at = clock_timestamp() + ? * interval '1 millisecond'
                    WHERE l.name = (SELECT name FROM vellum_leases WHERE name = ? AND expires_at < clock_timestamp()
                        FOR UPDATE SKIP LOCKED)
                    RETURNING l.token""")) {
                ps.setString(1, owner);
                ps.setLong(2, ttl.toMillis());
                ps.setString(3, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    /**
     * Extends lease {@code name} held by {@code owner} with {@code token}; false when it is no longer
     * theirs, or expired (an expired lease is taken again, with a new token).
     */
    public static boolean renew(Connection c, String name, String owner, long token, Duration ttl) throws SQLException {
        return bounded(c, ttl, tx -> {
            try (PreparedStatement ps = tx.prepareStatement("UPDATE vellum_leases SET expires_at = clock_timestamp()"
                    + " + ? * interval '1 millisecond' WHERE name = ? AND owner = ? AND token = ?"
                    + " AND expires_at > clock_timestamp()")) {
                ps.setLong(1, ttl.toMillis());
                ps.setString(2, name);
                ps.setString(3, owner);
                ps.setLong(4, token);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Lets lease {@code name} go at once, if {@code owner} still holds it with {@code token}. */
    public static void release(Connection c, String name, String owner, long token, Duration ttl) throws SQLException {
        bounded(c, ttl, tx -> {
            try (PreparedStatement ps = tx.prepareStatement("UPDATE vellum_leases SET expires_at = '-infinity'"
                    + " WHERE name = ? AND owner = ? AND token = ?")) {
                ps.setString(1, name);
                ps.setString(2, owner);
                ps.setLong(3, token);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * In the caller's transaction: true when {@code owner} still holds lease {@code name} with
     * {@code token}, and then keeps the row key-share-locked until the transaction ends, so no other
     * owner can take the lease (and read the checkpoint) before this transaction committed. The
     * transaction is bounded on the server: when its client stays silent inside it for half a ttl (a
     * frozen or vanished owner), the server ends the session, which rolls it back and frees the row.
     */
    public static boolean fence(Connection c, String name, String owner, long token, Duration ttl) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('idle_in_transaction_session_timeout', ?, true)"
                + " FROM vellum_leases WHERE name = ? AND owner = ? AND token = ? FOR KEY SHARE")) {
            ps.setString(1, Math.max(100, ttl.toMillis() / 2) + "ms");
            ps.setString(2, name);
            ps.setString(3, owner);
            ps.setLong(4, token);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
