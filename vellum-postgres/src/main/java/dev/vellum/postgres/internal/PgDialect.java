package dev.vellum.postgres.internal;

import dev.vellum.jdbc.internal.Dialect;
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
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (CONFLICTS.contains(s.getSQLState())) {
                return true;
            }
        }
        return e.getCause() instanceof SQLException cause && cause != e && isConflict(cause);
    }
}
