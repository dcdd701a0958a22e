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
 * <p>A timer may carry a deadline after which firing it makes no sense ("report the error if it is
 * still open 15 minutes later, unless that is more than 20 minutes late"): a timer taken for firing
 * after its deadline, after a long outage say, is not fired but {@linkplain TimerState#EXPIRED expired},
 * and the scheduler tells its {@link TimerExpiryHandler} instead of its handler. Without a deadline a
 * timer fires however late it is.
 *
 * @param id 1-{@value #MAX_ID_LENGTH} characters, no control characters; unique per timer ever
 * @param process the process it belongs to: 1-{@value #MAX_ID_LENGTH} letters, digits, {@code _ - .}
 * @param due when it is due
 * @param payload what the process needs when it fires (often JSON); may be empty, never {@code null}
 * @param deadline the last instant at which it may fire, at or after {@code due}; {@code null} for none
 */
public record Timer(String id, String process, Instant due, String payload, Instant deadline) {

    /** The longest id or process name accepted. */
    public static final int MAX_ID_LENGTH = 200;

    private static final Pattern PROCESS = Pattern.compile("[A-Za-z0-9_.-]+");

    /**
     * Checks the values.
     *
     * @throws InvalidTimerException when the id or process name breaks the rules, or the deadline is before the due time
     */
    public Timer {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidTimerException("Invalid timer id '" + id + "': use 1-" + MAX_ID_LENGTH
                    + " characters without control characters, derived from what caused the timer.");
        }
        checkProcess(process);
        Objects.requireNonNull(due, "due");
        Objects.requireNonNull(payload, "payload (use \"\" for none)");
        checkDeadline("Timer '" + id + "'", due, deadline);
    }

    /** A timer without deadline: it fires however late it is taken. */
    public Timer(String id, String process, Instant due, String payload) {
        this(id, process, due, payload, null);
    }

    /** A timer without payload. */
    public static Timer of(String id, String process, Instant due) {
        return new Timer(id, process, due, "");
    }

    /**
     * This timer with {@code newDeadline} as its deadline: taken for firing after that, it expires instead.
     *
     * @throws InvalidTimerException when it is before the due time
     */
    public Timer withDeadline(Instant newDeadline) {
        return new Timer(id, process, due, payload, Objects.requireNonNull(newDeadline, "deadline"));
    }

    /** True when it has a deadline and {@code now} is after it: firing it now would be too late. */
    public boolean expiredAt(Instant now) {
        return deadline != null && now.isAfter(deadline);
    }

    /**
     * Checks that a deadline, when there is one, is at or after the due time.
     *
     * @param what what has them, for the message, e.g. {@code "Timer 'report-7'"}
     * @throws InvalidTimerException when {@code deadline} is before {@code due}
     */
    public static void checkDeadline(String what, Instant due, Instant deadline) {
        if (deadline != null && deadline.isBefore(due)) {
            throw new InvalidTimerException(what + " has its deadline " + deadline + " before its due time " + due
                    + ", so it could never fire: give a deadline at or after the due time, or none.");
        }
    }

    /** Checks a process name. @throws InvalidTimerException when it is empty, too long or has other characters */
    public static void checkProcess(String process) {
        if (process == null || process.isEmpty() || process.length() > MAX_ID_LENGTH || !PROCESS.matcher(process).matches()) {
            throw new InvalidTimerException("Invalid process name '" + process + "' for a timer: use 1-" + MAX_ID_LENGTH
                    + " letters, digits, '_', '-' or '.'.");
        }
    }
}
