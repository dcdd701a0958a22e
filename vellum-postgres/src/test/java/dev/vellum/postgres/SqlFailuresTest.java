package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.projection.ProjectionException;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.VellumException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** Which driver errors the read path hands on as {@link StoreUnavailableException}, and which not. */
class SqlFailuresTest {

    @Test
    void lostConnectionsServerShutdownsFullServersAndPoolTimeoutsAreTransient() {
        assertThat(SqlFailures.isTransient(new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE,
                new IOException("reset")))).isTrue();
        assertThat(SqlFailures.isTransient(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
        assertThat(SqlFailures.isTransient(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(SqlFailures.isTransient(new SQLException("sorry, too many clients already", "53300"))).isTrue();
        assertThat(SqlFailures.isTransient(new SQLTransientConnectionException("Connection is not available,"
                + " request timed out after 30000ms"))).isTrue();
        assertThat(SqlFailures.isTransient(new SQLException("[SQLITE_BUSY] The database file is locked"))).isTrue();
    }

    @Test
    void errorsThatWaitingDoesNotCureAreNot() {
        assertThat(SqlFailures.isTransient(new SQLException("duplicate key value", "23505"))).isFalse();
        assertThat(SqlFailures.isTransient(new SQLException("relation does not exist", "42P01"))).isFalse();
        assertThat(SqlFailures.isTransient(new SQLException("no state"))).isFalse();
    }

    @Test
    void aTransientCauseIsFoundUnderWhatAHandlerOrAStoreWrappedItIn() {
        SQLException killed = new SQLException("terminating connection", "57P01");
        assertThat(SqlFailures.isTransientCause(new ProjectionException("handler failed", killed))).isTrue();
        assertThat(SqlFailures.isTransientCause(new IllegalStateException(new SQLException("bad", "22P02")))).isFalse();

        RuntimeException translated = SqlFailures.translate("Reading failed", killed, VellumException::new);
        assertThat(translated).isInstanceOf(StoreUnavailableException.class).hasCause(killed).hasMessage("Reading failed");
        assertThat(SqlFailures.translate("Reading failed", new SQLException("bad", "22P02"), VellumException::new))
                .isExactlyInstanceOf(VellumException.class);
    }
}
