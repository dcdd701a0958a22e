package dev.vellum.jdbc.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.StoreFullException;
import dev.vellum.store.VellumException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which driver errors mean "not reachable now", and which are the server's own refusal. */
class SqlFailuresTest {

    @Test
    void connectionStatesShutdownsAndPoolTimeoutsAreTransient() {
        for (String state : new String[] {"08000", "08001", "08003", "08006", "08P01", "57P01", "57P02", "57P03",
                "53300"}) {
            SQLException e = new SQLException("lost", state);
            assertThat(SqlFailures.isTransient(e)).as(state).isTrue();
            assertThat(SqlFailures.isRefusedByServer(e)).as(state).isFalse();
        }
        assertThat(SqlFailures.isTransient(new SQLTransientConnectionException("pool - request timed out"))).isTrue();
    }

    @Test
    void onlyTheServersFarewellSaysItEndedTheSession() {
        assertThat(SqlFailures.isEndedByServer(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(SqlFailures.isEndedByServer(new SQLException("crash of another server process", "57P02"))).isTrue();
        SQLException batch = new SQLException("batch entry 0 was aborted", "08006");
        batch.setNextException(new SQLException("terminating connection", "57P01"));
        assertThat(SqlFailures.isEndedByServer(batch)).as("chained as the next exception").isTrue();
        for (String state : new String[] {"08006", "57P03", "53300", "40001"}) {
            assertThat(SqlFailures.isEndedByServer(new SQLException("other", state))).as(state).isFalse();
        }
    }

    @Test
    void theServersOwnErrorsAreRefusalsNotTransient() {
        for (String state : new String[] {"23505", "40001", "40P01", "55P03", "57014", "53100", "42601"}) {
            SQLException e = new SQLException("refused", state);
            assertThat(SqlFailures.isTransient(e)).as(state).isFalse();
            assertThat(SqlFailures.isRefusedByServer(e)).as(state).isTrue();
        }
    }

    @Test
    void anErrorWithoutAStateSaysNothingAboutTheServer() {
        SQLException e = new SQLException("I/O error");
        assertThat(SqlFailures.isTransient(e)).isFalse();
        assertThat(SqlFailures.isRefusedByServer(e)).isFalse();
        assertThat(SqlFailures.isTransient(new SQLException("[SQLITE_BUSY] The database file is locked"))).isTrue();
    }

    @Test
    void sqliteFullIsTransientAndTypedAsAFullStore() {
        SQLException full = new SQLException("[SQLITE_FULL] Insertion failed because database is full");
        assertThat(SqlFailures.isTransient(full)).isTrue();
        assertThat(SqlFailures.isFull(new RuntimeException("handler failed", full))).isTrue();
        assertThat(SqlFailures.unavailable("reading failed", full)).isInstanceOf(StoreFullException.class);
        assertThat(SqlFailures.unavailable("reading failed", new SQLException("lost", "08006")))
                .isNotInstanceOf(StoreFullException.class);
    }

    @Test
    void causesAndChainedExceptionsAreLookedThrough() {
        SQLException chained = new SQLException("batch failed", "XX000");
        chained.setNextException(new SQLException("lost", "08006"));
        assertThat(SqlFailures.isTransient(chained)).isTrue();
        assertThat(SqlFailures.isTransientCause(new VellumException("wrapped", new SQLException("shutdown", "57P01"))))
                .isTrue();
        assertThat(SqlFailures.isTransientCause(new VellumException("wrapped", new IllegalStateException())))
                .isFalse();
    }
}
