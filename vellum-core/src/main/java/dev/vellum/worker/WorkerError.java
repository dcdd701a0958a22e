package dev.vellum.worker;

import dev.vellum.store.Position;
import java.time.Instant;
import java.util.Objects;

/**
 * The last error a worker met, for a status panel.
 *
 * @param type the error's class name, e.g. {@code java.sql.SQLException}
 * @param message its message; empty when it had none
 * @param position the position of the event it failed on; {@code null} when it was not about one event
 * @param at when it happened
 */
public record WorkerError(String type, String message, Position position, Instant at) {

    /** Checks the values. */
    public WorkerError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }

    /** The error {@code error}, met at {@code at} on the event at {@code position} (or {@code null}). */
    public static WorkerError of(Throwable error, Position position, Instant at) {
        Throwable shown = error;
        while (shown.getCause() != null && shown.getMessage() == null) {
            shown = shown.getCause();
        }
        return new WorkerError(shown.getClass().getName(), Objects.requireNonNullElse(shown.getMessage(), ""), position, at);
    }

    /** {@code type: message}, as a log line shows it. */
    @Override
    public String toString() {
        return message.isEmpty() ? type : type + ": " + message;
    }
}
