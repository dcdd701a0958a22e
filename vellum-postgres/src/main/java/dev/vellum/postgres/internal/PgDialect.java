package dev.vellum.postgres.internal;

import dev.vellum.jdbc.spi.Dialect;
import java.sql.SQLException;
import java.util.Set;

/**
 * PostgreSQL's side of the shared JDBC code: tables in the store's schema, {@code recorded_at} as a
 * {@code timestamptz}, and the watermark that keeps log reads behind every transaction still in
 * flight (see decision record 11).
 *
 * @param schema the schema the store's tables live in, unquoted
 */
public record PgDialect(String schema) implements Dialect {

    /**
     * Positions below the oldest transaction still running anywhere in the cluster: every event
     * whose reservation key is below it belongs to a finished transaction, and no transaction can
     * still add an event before it. The sub-select makes it one value per statement.
     */
    static final String WATERMARK = "(SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint)";

    /** SQL states that mean another transaction won a race: unique violation, serialization failure, deadlock. */
    private static final Set<String> CONFLICTS = Set.of("23505", "40001", "40P01");
    private static final Set<String> LOCK_NOT_AVAILABLE = Set.of("55P03");
    private static final Set<String> ROLLBACK_REQUIRED = Set.of("40001", "40P01");

    @Override
    public String table(String name) {
        return quoted() + "." + name;
    }

    /** The schema name as an SQL identifier. */
    public String quoted() {
        return "\"" + schema.replace("\"", "\"\"") + "\"";
    }

    /** The channel {@code NOTIFY} uses for this schema's appends. */
    public String channel() {
        return "vellum:" + schema;
    }

    @Override
    public String recordedAtMillis() {
        return "(extract(epoch FROM recorded_at) * 1000)::bigint";
    }

    @Override
    public String uuidParameter() {
        return "CAST(? AS uuid)";
    }

    @Override
    public String logVisibility() {
        return "tx < " + WATERMARK;
    }

    @Override
    public String categoryOf(String column) {
        return "split_part(" + column + ", '-', 1)";
    }

    @Override
    public boolean isConflict(SQLException e) {
        return hasState(e, CONFLICTS);
    }

    /** True when {@code e} is a wait for a lock that outlasted {@code lock_timeout} (SQL state 55P03). */
    boolean isLockTimeout(SQLException e) {
        return hasState(e, LOCK_NOT_AVAILABLE);
    }

    /**
     * True when {@code e} means that the transaction itself must end and run again: chosen as a
     * deadlock's victim (40P01), or a serialization failure of its isolation level (40001).
     */
    public boolean isTransactionRollback(SQLException e) {
        return hasState(e, ROLLBACK_REQUIRED);
    }

    private static boolean hasState(SQLException e, Set<String> states) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (states.contains(s.getSQLState())) {
                return true;
            }
        }
        return e.getCause() instanceof SQLException cause && cause != e && hasState(cause, states);
    }
}
