package dev.vellum.timer;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A timer to fire for a process at or after a due time.
 *
 * <p>The id is the timer's identity and its idempotency key: scheduling the same id again while it
 * is pending moves it, scheduling an id that already fired or was cancelled does nothing, and the
 * handler that fires it gets the id so that its effect happens once even if it fires twice (after a
 * crash between firing and recording that it fired). Derive the id from what caused the timer, e.g.
 * {@code "report-" + incidentId}, so a process that handles the same event again schedules the
 * same timer.
 *
 * @param id 1-{@value #MAX_ID_LENGTH} characters, no control characters; unique per timer ever
 * @param process the process it belongs to: 1-{@value #MAX_ID_LENGTH} letters, digits, {@code _ - .}
 * @param due when it is due
 * @param payload what the process needs when it fires (often JSON); may be empty, never {@code null}
 */
public record Timer(String id, String process, Instant due, String payload) {

    /** The longest id or process name accepted. */
    public static final int MAX_ID_LENGTH = 200;

    private static final Pattern PROCESS = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Checks the values. @throws InvalidTimerException when the id or process name breaks the rules */
    public Timer {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidTimerException("Invalid timer id '" + id + "': use 1-" + MAX_ID_LENGTH
                    + " characters without control characters, derived from what caused the timer.");
        }
        checkProcess(process);
        Objects.requireNonNull(due, "due");
        Objects.requireNonNull(payload, "payload (use \"\" for none)");
    }

    /** A timer without payload. */
    public static Timer of(String id, String process, Instant due) {
        return new Timer(id, process, due, "");
    }

    /** Checks a process name. @throws InvalidTimerException when it is empty, too long or has other characters */
    public static void checkProcess(String process) {
        if (process == null || process.isEmpty() || process.length() > MAX_ID_LENGTH || !PROCESS.matcher(process).matches()) {
            throw new InvalidTimerException("Invalid process name '" + process + "' for a timer: use 1-" + MAX_ID_LENGTH
                    + " letters, digits, '_', '-' or '.'.");
        }
    }
}
