package dev.vellum.jdbc.spi.readmodel;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} of read-only connections to a read-model database, for queries beside the
 * projections' writer: each {@link #getConnection()} is a connection of its own that never holds
 * or waits for the writer's lock. The store supplies how to open one.
 */
public abstract class ReaderDataSource implements DataSource {

    private volatile PrintWriter logWriter;
    private volatile int loginTimeoutSeconds;

    /** For the stores. */
    protected ReaderDataSource() {
    }

    /** Opens a read-only connection to the read models; the caller closes it. */
    protected abstract Connection open() throws SQLException;

    @Override
    public final Connection getConnection() throws SQLException {
        return open();
    }

    /** The same as {@link #getConnection()}: readers connect as the read model was configured to. */
    @Override
    public final Connection getConnection(String username, String password) throws SQLException {
        return open();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("dev.vellum");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("The read-model readers are not a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
