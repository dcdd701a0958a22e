package dev.vellum.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the other nodes' listeners that events committed, off the group-commit path. A
 * {@code NOTIFY} inside a write transaction would hold PostgreSQL's notification lock through
 * that transaction's commit and its WAL flush, so concurrent batches would commit one at a time.
 * Instead the writers commit without it and call {@link #request()}; this thread sends one
 * {@code NOTIFY} for however many requests arrived meanwhile, on its own connection with
 * {@code synchronous_commit = off} (a lost notification costs only a wake-up: the listeners also
 * watch the head). Subscriptions in this process are woken by the writers directly.
 */
final class PgNotifySender implements AutoCloseable {

    private static final long RETRY_MS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(PgNotifySender.class);

    private final DataSource dataSource;
    private final String notify;
    private final Object lock = new Object();
    private final Thread thread;
    private boolean pending;
    private boolean closed;

    PgNotifySender(DataSource dataSource, PgDialect dialect) {
        this.dataSource = dataSource;
        this.notify = "SELECT pg_notify('" + dialect.channel().replace("'", "''") + "', '')";
        this.thread = Thread.ofPlatform().daemon().name("vellum-postgres-notify").start(this::run);
    }

    /** Asks for a {@code NOTIFY} soon; requests made while one is being sent share the next. */
    void request() {
        synchronized (lock) {
            pending = true;
            lock.notifyAll();
        }
    }

    private void run() {
        while (true) {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(true);
                st.execute("SET synchronous_commit = off");
                try {
                    while (awaitRequest()) {
                        st.execute(notify);
                    }
                    return;
                } finally {
                    st.execute("RESET synchronous_commit");
                }
            } catch (SQLException e) {
                LOG.warn("Notifying other nodes of appends failed; trying again in {} ms: {}", RETRY_MS, e.getMessage());
                try {
                    Thread.sleep(RETRY_MS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits for a request; false once closed with none pending. */
    private boolean awaitRequest() throws InterruptedException {
        synchronized (lock) {
            while (!pending && !closed) {
                lock.wait();
            }
            boolean send = pending;
            pending = false;
            return send;
        }
    }

    /** Sends what is pending, then stops. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
