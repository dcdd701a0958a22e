package dev.vellum.postgres.internal;

import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.jdbc.spi.WriteRequest;
import dev.vellum.store.AppendNotStoredException;
import dev.vellum.store.AppendOutcomeUnknownException;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.VellumException;
import java.sql.SQLException;
import java.util.List;

/**
 * Turns a failed write transaction into the typed answer its callers get, from how far it got:
 * before the statement that commits (nothing can be stored), or in it (stored unless the server
 * said it refused). Only a committing statement cut off without the server's answer is "outcome
 * unknown"; everything else has a known outcome and says so.
 */
final class WriteFailures {

    /** How far a write transaction got when it failed. */
    enum Stage {
        /** Getting a connection: nothing was sent. */
        CONNECTING,
        /** Loading, locking or writing before the commit: what was written rolls back unless committed. */
        PREPARING,
        /** The statement that commits ({@code write_batch} in auto-commit mode, or {@code COMMIT}). */
        COMMITTING
    }

    private final String name;

    /** @param name the store's name for messages */
    WriteFailures(String name) {
        this.name = name;
    }

    /** The answer for requests whose transaction failed with {@code error} at {@code stage}. */
    VellumException of(Stage stage, Exception error) {
        String why = error.getMessage();
        if (stage == Stage.COMMITTING && !(error instanceof SQLException s && SqlFailures.isRefusedByServer(s))) {
            return new AppendOutcomeUnknownException("The connection to " + name + " failed while a write was "
                    + "committing (" + why + "), so it may or may not be stored. Retry it with the same event ids: "
                    + "a resend of a stored append returns its original result and stores nothing twice.", error);
        }
        if (SqlFailures.isTransientCause(error)) {
            return new StoreUnavailableException("The PostgreSQL event store " + name + " could not be reached ("
                    + why + "). Nothing was written: retry once the database is back.", error);
        }
        return notStored("Writing to " + name + " failed (" + why + ")", error);
    }

    /**
     * Fails {@code requests} still unanswered after {@code error} escaped their writer: it may have
     * struck before or after their commit, so their outcome is unknown (a request already answered
     * keeps its answer).
     */
    void unforeseen(List<WriteRequest> requests, Throwable error) {
        AppendOutcomeUnknownException unknown = new AppendOutcomeUnknownException("Writing to " + name
                + " failed unexpectedly (" + error + "), so a write in it may or may not be stored. Retry it with "
                + "the same event ids: a resend of a stored append returns its original result.", error);
        requests.forEach(r -> r.fail(unknown));
    }

    /** An append known not to be stored, for {@code what} happened; {@code cause} may be null. */
    AppendNotStoredException notStored(String what, Exception cause) {
        return new AppendNotStoredException(what + ". Nothing of it was written: it can be retried.", cause);
    }
}
