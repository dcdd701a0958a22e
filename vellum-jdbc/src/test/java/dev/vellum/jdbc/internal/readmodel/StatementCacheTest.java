package dev.vellum.jdbc.internal.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.ProjectionId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link StatementCache} keeps, resolves and closes, on an in-memory SQLite connection. */
class StatementCacheTest {

    private static final ProjectionId V1 = ProjectionId.of("orders", 1);
    private static final ProjectionId V2 = ProjectionId.of("orders", 2);

    private Connection connection;
    private StatementCache cache;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        connection.createStatement().execute("CREATE TABLE order_summary_v1 (id TEXT)");
        connection.createStatement().execute("CREATE TABLE order_summary_v2 (id TEXT)");
        cache = new StatementCache(connection);
    }

    @AfterEach
    void close() throws SQLException {
        cache.close();
        connection.close();
    }

    @Test
    void aStatementIsPreparedOncePerVersionWithItsTablesResolved() throws SQLException {
        String sql = "INSERT INTO {order_summary} (id) VALUES (?)";
        PreparedStatement first = cache.prepare(V1, sql);

        assertThat(cache.prepare(V1, sql)).isSameAs(first);
        PreparedStatement other = cache.prepare(V2, sql);
        assertThat(other).isNotSameAs(first);
        other.setString(1, "o-1");
        other.executeUpdate();
        try (var rs = connection.createStatement().executeQuery("SELECT count(*) FROM order_summary_v2")) {
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void forgettingAVersionClosesOnlyItsStatements() throws SQLException {
        PreparedStatement v1 = cache.prepare(V1, "SELECT * FROM {order_summary}");
        PreparedStatement v2 = cache.prepare(V2, "SELECT * FROM {order_summary}");

        cache.forget(V1);

        assertThat(v1.isClosed()).isTrue();
        assertThat(v2.isClosed()).isFalse();
        assertThat(cache.prepare(V1, "SELECT * FROM {order_summary}")).isNotSameAs(v1);
    }

    @Test
    void theLeastRecentlyUsedBeyondTheLimitAreClosed() throws SQLException {
        PreparedStatement eldest = cache.prepare(V1, "SELECT 0");
        PreparedStatement used = cache.prepare(V1, "SELECT 1");
        for (int i = 2; i <= 256; i++) {
            cache.prepare(V1, "SELECT " + i);
        }
        cache.prepare(V1, "SELECT 1"); // used again: no longer among the least recent

        cache.prepare(V1, "SELECT 257");

        assertThat(eldest.isClosed()).isTrue();
        assertThat(used.isClosed()).isFalse();
    }

    @Test
    void closingClosesEveryStatement() throws SQLException {
        PreparedStatement v1 = cache.prepare(V1, "SELECT 1");
        PreparedStatement v2 = cache.prepare(V2, "SELECT 2");

        cache.close();

        assertThat(v1.isClosed()).isTrue();
        assertThat(v2.isClosed()).isTrue();
    }
}
