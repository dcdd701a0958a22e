package dev.vellum.sqlite;

import dev.vellum.store.VellumException;
import java.nio.file.Path;

/**
 * Another store or read model, in this process or another one, already has the database file open.
 * An embedded SQLite database belongs to one process: its single writer and the wake-ups of live
 * subscriptions work inside that process only.
 */
public final class DatabaseInUseException extends VellumException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** @param file the database file */
    public DatabaseInUseException(Path file) {
        super("The SQLite database '" + file + "' is already open in another event store or read model instance, "
                + "or another process. One process owns an embedded store: close the other instance first, or share "
                + "the events through the Vellum HTTP API or a PostgreSQL store.");
        this.file = file;
    }

    /** The database file that is in use. */
    public Path file() {
        return file;
    }
}
