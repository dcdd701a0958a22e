package dev.vellum.postgres.internal;

import dev.vellum.store.Position;
import dev.vellum.store.spi.AppendSignal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes this process's subscriptions when any node commits events: one connection {@code LISTEN}s
 * on the schema's channel (every append transaction sends a {@code NOTIFY}, delivered when it
 * commits) and raises the store's {@link AppendSignal}.
 *
 * <p>A notification is not the only way events become readable: when a transaction holding the
 * watermark back ends without appending (a rollback, or a transaction that is not Vellum's), the
 * events waiting behind it become readable without a notification. So between notifications it
 * checks the readable head every {@value #WATCH_MS} ms and signals when it moved. A lost
 * connection is opened again, and the signal raised, so subscriptions re-read what they missed.
 */
public final class PgNotifier implements AutoCloseable {

    static final long WATCH_MS = 100;
    private static final long RECONNECT_MS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(PgNotifier.class);

    private final DataSource dataSource;
    private final PgDialect dialect;
    private final AppendSignal signal;
    private final Supplier<Position> head;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    /** @param head reads the readable head, for the watch between notifications */
    public PgNotifier(DataSource dataSource, PgDialect dialect, AppendSignal signal, Supplier<Position> head) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.signal = signal;
        this.head = head;
        this.thread = Thread.ofPlatform().daemon().name("vellum-postgres-listener").unstarted(this::run);
    }

    /** Opens the listening connection (so a first failure is reported to the opener) and starts listening. */
    public void start() throws SQLException {
        connection = listen();
        thread.start();
    }

    private Connection listen() throws SQLException {
        Connection c = dataSource.getConnection();
        try (Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("LISTEN \"" + dialect.channel().replace("\"", "\"\"") + "\"");
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private void run() {
        Position seen = Position.START;
        while (!closed) {
            try {
                PGNotification[] notes = connection.unwrap(PGConnection.class).getNotifications((int) WATCH_MS);
                if (notes != null && notes.length > 0) {
                    signal.signal();
                    continue;
                }
                Position now = head.get();
                if (!now.equals(seen)) {
                    seen = now;
                    signal.signal();
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("Listening for appends to {} failed; listening again in {} ms: {}", dialect.quoted(),
                        RECONNECT_MS, e.getMessage());
                reconnect();
            }
        }
    }

    private void reconnect() {
        closeQuietly(connection);
        while (!closed) {
            try {
                Thread.sleep(RECONNECT_MS);
                connection = listen();
                signal.signal(); // notifications sent meanwhile are lost: let subscriptions look
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException e) {
                LOG.warn("Listening for appends to {} failed again: {}", dialect.quoted(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Closing the listening connection failed: {}", e.getMessage());
        }
    }
}
