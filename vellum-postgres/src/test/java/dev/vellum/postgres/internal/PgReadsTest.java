package dev.vellum.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * How often a read is run again on another connection, by the kind of loss: reads take their
 * connections unchecked, so a run of connections the server ended (after a restart) must be passed
 * over here, while a network that does not answer must not multiply the caller's wait.
 */
class PgReadsTest {

    @Test
    void aRunOfConnectionsTheServerEndedIsPassedOver() {
        Failing source = new Failing(PgReads.MOST_ENDED - 1, Failing::ended);
        assertThat(new PgReads("test", source).read(PgReadsTest::prepareOne)).isEqualTo("answered");
        assertThat(source.borrowed.get()).isEqualTo(PgReads.MOST_ENDED);
    }

    @Test
    void endlesslyEndedConnectionsFailTheReadAsUnavailable() {
        Failing source = new Failing(Integer.MAX_VALUE, Failing::ended);
        assertThatThrownBy(() -> new PgReads("test", source).read(PgReadsTest::prepareOne))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("Check that the database is reachable");
        assertThat(source.borrowed.get()).isEqualTo(PgReads.MOST_ENDED);
    }

    @Test
    void aReadTheNetworkTimedOutIsRunOnceMore() {
        Failing source = new Failing(Integer.MAX_VALUE, Failing::timedOut);
        assertThatThrownBy(() -> new PgReads("test", source).read(PgReadsTest::prepareOne))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(source.borrowed.get()).isEqualTo(2);
    }

    @Test
    void aReadThatGotNoConnectionIsNotRunAgain() {
        Failing source = new Failing(Integer.MAX_VALUE,
                () -> new SQLTransientConnectionException("pool: connection is not available, request timed out"));
        assertThatThrownBy(() -> new PgReads("test", source).read(PgReadsTest::prepareOne))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(source.borrowed.get()).isEqualTo(1);
    }

    @Test
    void aQueryTheServerRefusedIsNotRunAgain() {
        Failing source = new Failing(Integer.MAX_VALUE, () -> new SQLException("syntax error", "42601"));
        assertThatThrownBy(() -> new PgReads("test", source).read(PgReadsTest::prepareOne))
                .isNotInstanceOf(StoreUnavailableException.class).hasMessageContaining("syntax error");
        assertThat(source.borrowed.get()).isEqualTo(1);
    }

    private static String prepareOne(dev.vellum.jdbc.spi.Statements statements) throws SQLException {
        statements.prepare("SELECT 1");
        return "answered";
    }

    /** Connections whose first {@code failures} borrowers fail as {@code failure} says. */
    private static final class Failing implements DataSource {
        final AtomicInteger borrowed = new AtomicInteger();
        private final int failures;
        private final Supplier<SQLException> failure;

        Failing(int failures, Supplier<SQLException> failure) {
            this.failures = failures;
            this.failure = failure;
        }

        static SQLException ended() {
            return new SQLException("FATAL: terminating connection due to administrator command", "57P01");
        }

        static SQLException timedOut() {
            return new SQLException("An I/O error occurred while sending to the backend.", "08006",
                    new SocketTimeoutException("Read timed out"));
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (borrowed.incrementAndGet() <= failures) {
                SQLException e = failure.get();
                if (e instanceof SQLTransientConnectionException) {
                    throw e;
                }
                return connection(e);
            }
            return connection(null);
        }

        /** A connection whose statements fail with {@code e}, or do nothing when it is null. */
        private static Connection connection(SQLException e) {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement")) {
                            if (e != null) {
                                throw e;
                            }
                            return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                                    new Class<?>[] {PreparedStatement.class}, (statement, m, a) -> null);
                        }
                        return null;
                    });
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
